"""Publications (复文公开, SPEC 3.5): what the public portal shows of a sent reply.

A row is a snapshot taken when the reply is published: the metadata block (索引号, 发布机构,
成文日期, 发布日期, 公开方式, 主题分类, 文件编号, 标题, 解决类别; 公开范围 and 信息分类 follow from
the channel) and the masked letter, with masked copies of the attachments (PublishedFile). The reply's
stored original is never touched, and the portal reads nothing but this table, so no unmasked
text can reach it. Search indexes the masked title and text only (see services/search.py):
SQLite keeps an FTS5 trigram table `publications_fts` in step by triggers, PostgreSQL has a GIN
index on the id's bucket and on title and text together (btree_gin, pg_trgm); for words of one or
two characters both keep an index of the text's characters and character pairs (SQLite the FTS5
table `publications_grams`, PostgreSQL a GIN index on `publication_grams()`). The migrations
(0004, 0005) create them, not the metadata.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.lifecycle import Channel
from workflow.domain.publication import STORED_STATES, PublicationState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check

_STATES = ", ".join(f"'{s.value}'" for s in STORED_STATES)

# Objects the migration creates outside the metadata; autogenerate must leave them alone.
SEARCH_TABLE = "publications_fts"
GRAMS_TABLE = "publications_grams"
SEARCH_INDEXES = ("ix_publications_search", "ix_publications_grams")
# PostgreSQL's search indexes are on these expressions (migrations 0004, 0005); a query must
# write them so.
SEARCH_TEXT_SQL = "(publications.title || ' ' || publications.body)"
GRAMS_SQL = f"publication_grams{SEARCH_TEXT_SQL}"
# Each index's first column is the id's bucket (services/search.py reads slices of the newest ids).
# The buckets differ in size, so neither index can answer the other's slice condition alone: a
# trigram search answered by the grams index's bucket would recheck every row of the slice.
SEARCH_BUCKET = 1024
GRAMS_BUCKET = 4096


def bucket_sql(size: int) -> str:
    """The indexed expression of an id's bucket, as the migrations wrote it."""
    return f"(publications.id / {size})"


class Publication(db.Model):
    __tablename__ = "publications"
    __table_args__ = (
        CheckConstraint(f"state IN ({_STATES})", name="state_valid"),
        state_check("channel", Channel),
        # Withdrawn exactly when it has a withdrawal time, a reason and who did it.
        CheckConstraint(
            "(state = 'published' AND withdrawn_at IS NULL AND withdraw_reason IS NULL AND withdrawn_by_id IS NULL)"
            " OR (state = 'withdrawn' AND withdrawn_at IS NOT NULL AND withdraw_reason IS NOT NULL"
            " AND withdrawn_by_id IS NOT NULL)",
            name="withdrawal_complete",
        ),
        CheckConstraint("serial > 0", name="serial_positive"),
        UniqueConstraint("reply_id", name="uq_publications_reply_id"),
        UniqueConstraint("index_number", name="uq_publications_index_number"),
        UniqueConstraint("bureau_id", "year", "serial", name="uq_publications_bureau_year_serial"),
        # The portal filters on these and offers their values (services/search.py facets: a
        # loose index scan per column, so a page never reads every row to list the years).
        Index("ix_publications_state_id", "state", "id"),
        Index("ix_publications_state_published_at", "state", "published_at"),  # the feed: latest 发布日期
        *(Index(f"ix_publications_state_{name}", "state", name)
          for name in ("year", "session_id", "channel", "bureau_id", "topic", "resolution")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # the public URL's id; follows publication order
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureaus.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    channel: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), default=PublicationState.PUBLISHED)

    # The metadata block.
    index_number: Mapped[str] = mapped_column(String(64))  # 索引号
    year: Mapped[int]  # of the index number: the year of publication, Asia/Shanghai
    serial: Mapped[int]  # per bureau and year, gap-free
    publisher: Mapped[str] = mapped_column(String(128))  # 发布机构: the bureau's short name then, else its name
    issuer: Mapped[str | None] = mapped_column(String(128))  # the bureau's full name then: the letter's 发文机关
    letter_date: Mapped[date] = mapped_column(Date)  # 成文日期
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)  # 发布日期
    topic: Mapped[str] = mapped_column(String(64))  # 主题分类
    doc_number: Mapped[str] = mapped_column(String(64))  # 文件编号 (发文字号)
    resolution: Mapped[str] = mapped_column(String(8))  # 解决类别 code
    resolution_label: Mapped[str | None] = mapped_column(String(64))
    proposal_number: Mapped[str | None] = mapped_column(String(32))  # 第170号, 义12号

    # The masked letter, each part plain text; the body one paragraph a line.
    title: Mapped[str] = mapped_column(String(200))
    salutation: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    manual_spans: Mapped[list] = mapped_column(JSON, default=list)  # [[start, end]] in the original letter
    attachment_ids: Mapped[list] = mapped_column(JSON, default=list)  # the reply's files published with it

    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)
    # Every UPDATE checks and moves the version on: of a withdrawal and a republication at the
    # same moment, one wins and the other is refused (services/guard.py).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    reply = relationship("Reply")
    proposal = relationship("Proposal")
    bureau = relationship("Bureau")
    session = relationship("Session")
    published_by = relationship("User", foreign_keys=[published_by_id])
    withdrawn_by = relationship("User", foreign_keys=[withdrawn_by_id])

    @property
    def withdrawn(self) -> bool:
        return self.state == PublicationState.WITHDRAWN

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.split("\n") if line]


class RedactionMarks(db.Model):
    """What the approver or the office marked by hand in the masked preview of a reply not yet
    published: phrases masked wherever they occur in the letter. Kept so that marks made by
    the approver are there when the office publishes."""

    __tablename__ = "redaction_marks"

    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"), primary_key=True)
    phrases: Mapped[list] = mapped_column(JSON, default=list)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    updated_by = relationship("User")


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's `include_object`: the search objects live in the migrations, not the metadata
    (the proposals' grams column and its index too, migration 0020)."""
    if name is None:
        return True
    if type_ == "table" and name.startswith((SEARCH_TABLE, GRAMS_TABLE)):
        return False
    from workflow.models.proposal import GRAMS_COLUMN, GRAMS_INDEX

    if type_ == "column" and name == GRAMS_COLUMN:
        return False
    return not (type_ == "index" and name in (*SEARCH_INDEXES, GRAMS_INDEX))
