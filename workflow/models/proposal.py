"""Proposals and suggestions, their co-signers and seconders (SPEC 3.1)."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.lifecycle import AuthorKind, Channel, CloseReason, ProposalState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check

# On PostgreSQL, the characters and pairs of a proposal's number, title and text, computed by the
# database into this column and indexed (domain/search_grams.py, migration 0020); not mapped.
GRAMS_COLUMN = "search_grams"
GRAMS_INDEX = "ix_proposals_grams"


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        state_check("state", ProposalState),
        state_check("channel", Channel),
        state_check("author_kind", AuthorKind),
        UniqueConstraint("session_id", "channel", "number"),
        # A merged item (并案) takes no number of its own: it is handled and answered under its target's.
        CheckConstraint("(merged_into_id IS NULL) OR (number IS NULL)", name="merged_has_no_number"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_self"),
        CheckConstraint("(state <> 'not_filed') OR (not_filed_reason IS NOT NULL)", name="not_filed_has_reason"),
        state_check("close_reason", CloseReason, name="close_reason_valid"),
        CheckConstraint("(state = 'closed') = (close_reason IS NOT NULL)", name="closed_has_reason"),
        Index("ix_proposals_state", "state"),
        # A member's items and those merged into others, from the index alone (migration 0022).
        Index("ix_proposals_proposer_items", "proposer_id", "id", "merged_into_id"),
        Index("ix_proposals_updated", "updated_at", "id"),  # /proposals/, last changed first
        Index("ix_proposals_topic", "topic_id"),  # the topic list's figures
        Index("ix_proposals_clue", "clue_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_kind: Mapped[str] = mapped_column(String(16), default=AuthorKind.INDIVIDUAL)
    collective_name: Mapped[str | None] = mapped_column(String(128))  # 集体提案: party, sector, delegation
    group_name: Mapped[str | None] = mapped_column(String(64))  # 界别 / 代表团 at the time of writing
    group_prefix: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(24), default=ProposalState.DRAFT)
    number_seq: Mapped[int | None]
    number: Mapped[str | None] = mapped_column(String(32))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    is_key: Mapped[bool] = mapped_column(default=False)
    key_leader: Mapped[str | None] = mapped_column(String(64))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    not_filed_reason: Mapped[str | None] = mapped_column(Text)
    opinion_letter_consent: Mapped[bool | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(16))  # CloseReason
    close_note: Mapped[str | None] = mapped_column(Text)  # the office's note when it closes
    # Where the member started from (issue 12): a topic of the office's list, a citizen's clue.
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"))
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"))

    # Every UPDATE checks and moves the version on: of two state changes that read the same
    # version, the second fails (services/guard.py).
    __mapper_args__ = {"version_id_col": version}

    session = relationship("Session")
    proposer = relationship("User", foreign_keys=[proposer_id])
    category = relationship("Category")
    topic = relationship("Topic")
    clue = relationship("Clue", foreign_keys=[clue_id])
    merged_into = relationship("Proposal", remote_side=[id])
    cosigners: Mapped[list[Cosigner]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Cosigner.id"
    )
    seconders: Mapped[list[Seconder]] = relationship(cascade="all, delete-orphan", order_by="Seconder.id")
    assignments = relationship("Assignment", back_populates="proposal", order_by="Assignment.id")

    @property
    def is_joint(self) -> bool:
        return self.author_kind == AuthorKind.JOINT


class CosignerState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class Cosigner(db.Model):
    """A member invited to co-sign a joint proposal (联名)."""

    __tablename__ = "cosigners"
    __table_args__ = (
        UniqueConstraint("proposal_id", "user_id"), state_check("state", CosignerState),
        Index("ix_cosigners_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default=CosignerState.PENDING)
    note: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(back_populates="cosigners")
    user = relationship("User")


class Seconder(db.Model):
    """An NPC deputy seconding (附议) a suggestion under review."""

    __tablename__ = "seconders"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user = relationship("User")
