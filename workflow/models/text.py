"""What the text features keep (issue 11): each proposal's term counts, the office's assignments
as examples for suggesting bureaus, and the pre-check rules an administrator switches."""
from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.extensions import db


class ProposalTerms(db.Model):
    """A proposal's words (title and text), segmented once when written, so an index can be
    built without segmenting every text again. `stamp` (milliseconds, the real clock) changes on
    every write: the in-process indexes compare it to notice changes (services/text_index.py)."""

    __tablename__ = "proposal_terms"
    __table_args__ = (Index("ix_proposal_terms_stamp", "stamp"),)

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    session_id: Mapped[int]
    terms: Mapped[str] = mapped_column(Text)  # text_terms.pack()
    stamp: Mapped[int] = mapped_column(BigInteger)


class RoutingExample(db.Model):
    """An item and the bureaus the office gave it: from every assignment the office makes (one row
    per proposal, replaced when it assigns again), or imported from earlier years."""

    __tablename__ = "routing_examples"
    __table_args__ = (
        CheckConstraint("source IN ('assignment', 'import')", name="source_valid"),
        CheckConstraint("(source = 'assignment') = (proposal_id IS NOT NULL)", name="assignment_has_proposal"),
        Index("ix_routing_examples_stamp", "stamp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    lead_bureau_id: Mapped[int] = mapped_column(ForeignKey("bureaus.id", ondelete="CASCADE"))
    co_bureau_ids: Mapped[str] = mapped_column(String(200), default="", server_default="")  # "3,7"
    title: Mapped[str] = mapped_column(String(200))
    terms: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))
    stamp: Mapped[int] = mapped_column(BigInteger)

    @property
    def co_ids(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.co_bureau_ids.split(",") if v.isdigit())


class PrecheckRule(db.Model):
    """A pre-check rule (domain/precheck.py) switched on or off; a rule without a row is on."""

    __tablename__ = "precheck_rules"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    active: Mapped[bool] = mapped_column(default=True)
    parameter: Mapped[int | None]
