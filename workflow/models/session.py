"""Sessions (会次), categories and the configurable lists the office works with."""
from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.domain.lifecycle import Channel
from workflow.extensions import db
from workflow.models.types import state_check


class Session(db.Model):
    """A session, e.g. 慈溪市政协十一届四次会议; numbers are unique within it and its channel."""

    __tablename__ = "sessions"
    __table_args__ = (state_check("channel", Channel),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(128))
    term: Mapped[int]
    meeting: Mapped[int]
    year: Mapped[int]
    number_format: Mapped[str] = mapped_column(String(32))  # "第{n}号" or "{delegation}{n}号"
    active: Mapped[bool] = mapped_column(default=True)
    # 办理进度公开 (issue 12): the portal lists this session's filed items and where they stand.
    progress_public: Mapped[bool] = mapped_column(default=False, server_default="0")


class Category(db.Model):
    """分类: admin-editable per channel."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("channel", "name"), state_check("channel", Channel))

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class NotFiledReason(db.Model):
    """不予立案 reasons, a configurable list."""

    __tablename__ = "not_filed_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
