"""The office's topic list for a session (参考选题目录, issue 12)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.extensions import db
from workflow.models.types import UTCDateTime


class Topic(db.Model):
    __tablename__ = "topics"
    __table_args__ = (Index("ix_topics_session", "session_id", "position", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    title: Mapped[str] = mapped_column(String(200))
    paragraph: Mapped[str] = mapped_column(Text, default="")
    bureaus: Mapped[str] = mapped_column(String(400), default="")  # the bureaus concerned, as the office names them
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)  # members see published topics only
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session = relationship("Session")
