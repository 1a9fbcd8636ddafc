"""Replies (答复函), their saved versions and the co bureaus' co-signatures (SPEC 3.3, 5)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.feedback import Outcome
from workflow.domain.reply import CosignState, Disclosure, ReplyKind, ReplyState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check

_NUMBERED = "('approved', 'sent')"
AWAITING_RATING = "state = 'sent' AND kind = 'answer' AND feedback_outcome IS NULL"


def awaiting_rating(reply) -> tuple:
    """AWAITING_RATING as conditions on `reply` (the class or an alias), with the values written
    into the SQL: a bound parameter would keep a prepared statement's plan off the partial index."""
    return (reply.state == literal_column("'sent'"), reply.kind == literal_column("'answer'"),
            reply.feedback_outcome.is_(None))


class Reply(db.Model):
    __tablename__ = "replies"
    __table_args__ = (
        state_check("state", ReplyState),
        state_check("kind", ReplyKind),
        CheckConstraint(
            "disclosure IS NULL OR disclosure IN (" + ", ".join(f"'{d}'" for d in Disclosure) + ")",
            name="disclosure_valid",
        ),
        CheckConstraint(
            "feedback_outcome IS NULL OR feedback_outcome IN (" + ", ".join(f"'{o}'" for o in Outcome) + ")",
            name="feedback_outcome_valid",
        ),
        # A document number exactly when approved or sent; a sending time exactly when sent.
        CheckConstraint(f"(state IN {_NUMBERED}) = (doc_number IS NOT NULL)", name="numbered_when_approved"),
        CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name="sent_has_time"),
        # One reply per round of an assignment (re-handling adds rounds), one per follow-up.
        UniqueConstraint("assignment_id", "kind", "round"),
        UniqueConstraint("bureau_id", "doc_prefix", "doc_year", "doc_seq"),
        Index("ix_replies_proposal", "proposal_id"),
        Index("ix_replies_state", "state"),
        # The replies waiting for a rating, not every reply ever sent (migration 0019).
        Index("ix_replies_awaiting_rating", "proposal_id", postgresql_where=text(AWAITING_RATING),
              sqlite_where=text(AWAITING_RATING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureaus.id"))
    kind: Mapped[str] = mapped_column(String(16), default=ReplyKind.ANSWER)
    round: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(24), default=ReplyState.DRAFT)
    title: Mapped[str] = mapped_column(String(200), default="")
    salutation: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # sanitized HTML
    resolution: Mapped[str | None] = mapped_column(String(8))  # code of the channel's category set
    disclosure: Mapped[str | None] = mapped_column(String(16))
    disclosure_reason: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    copy_to: Mapped[list] = mapped_column(JSON, default=list)
    return_note: Mapped[str | None] = mapped_column(Text)  # the latest comments of a return or objection
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_version: Mapped[int | None]  # the ReplyVersion.number that was approved: the letter's text
    doc_prefix: Mapped[str | None] = mapped_column(String(32))
    doc_year: Mapped[int | None]
    doc_seq: Mapped[int | None]
    doc_number: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    feedback_outcome: Mapped[str | None] = mapped_column(String(24))

    # Optimistic locking: every UPDATE checks and bumps the version, so of two saves of the same
    # version the second fails instead of overwriting (SPEC 7).
    __mapper_args__ = {"version_id_col": version}

    proposal = relationship("Proposal")
    assignment = relationship("Assignment")
    bureau = relationship("Bureau")
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    versions: Mapped[list[ReplyVersion]] = relationship(
        back_populates="reply", order_by="ReplyVersion.number", cascade="all, delete-orphan"
    )
    cosigns: Mapped[list[ReplyCosign]] = relationship(order_by="ReplyCosign.id", cascade="all, delete-orphan")
    attachments = relationship(
        "Attachment",
        primaryjoin="and_(Reply.id == foreign(Attachment.reply_id), Attachment.removed_at.is_(None))",
        viewonly=True, order_by="Attachment.id",
    )
    feedback = relationship("Feedback", order_by="Feedback.id", viewonly=True)

    @property
    def numbered(self) -> bool:
        return self.doc_number is not None


class ReplyVersion(db.Model):
    """A saved state of the draft; every save adds one, none is ever changed."""

    __tablename__ = "reply_versions"
    __table_args__ = (UniqueConstraint("reply_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    salutation: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(8))
    disclosure: Mapped[str | None] = mapped_column(String(16))
    disclosure_reason: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    copy_to: Mapped[list] = mapped_column(JSON, default=list)
    attachment_ids: Mapped[list] = mapped_column(JSON, default=list)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    reply: Mapped[Reply] = relationship(back_populates="versions")
    author = relationship("User")


class ReplyCosign(db.Model):
    """A co bureau's confirmation of the final draft (协办会签), when the setting asks for it."""

    __tablename__ = "reply_cosigns"
    __table_args__ = (UniqueConstraint("reply_id", "assignment_id"), state_check("state", CosignState))

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    state: Mapped[str] = mapped_column(String(16), default=CosignState.PENDING)
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment = relationship("Assignment")
    user = relationship("User")
