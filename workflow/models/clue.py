"""Clues from citizens (提案线索, issue 12) and their attached files.

The sender's contact is kept for the office alone; the portal and the members read the subject and
text only through masking (services/clues.py), and never the files or the contact.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.clues import ClueState
from workflow.domain.filetypes import TYPES
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class Clue(db.Model):
    __tablename__ = "clues"
    __table_args__ = (
        state_check("state", ClueState),
        CheckConstraint("(state = 'merged') = (merged_into_id IS NOT NULL)", name="merged_has_target"),
        CheckConstraint("(state = 'declined') = (decline_reason IS NOT NULL)", name="declined_has_reason"),
        CheckConstraint("state NOT IN ('passed', 'taken_up') OR member_id IS NOT NULL", name="passed_has_member"),
        Index("ix_clues_state", "state", "id"),
        Index("ix_clues_member", "member_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # the tracking code, stored without the dash
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(200))  # the office's alone
    state: Mapped[str] = mapped_column(String(16), default=ClueState.RECEIVED)
    topic: Mapped[str | None] = mapped_column(String(200))  # what the office passed it on as
    member_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    member = relationship("User")
    merged_into = relationship("Clue", remote_side=[id])
    # The proposal a member started from it (proposals.clue_id; one way, so the tables form no cycle).
    proposal = relationship("Proposal", primaryjoin="Proposal.clue_id == Clue.id", uselist=False, viewonly=True)
    files: Mapped[list[ClueFile]] = relationship(back_populates="clue", order_by="ClueFile.id")


class ClueFile(db.Model):
    __tablename__ = "clue_files"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in TYPES) + ")", name="kind_valid"),
        Index("ix_clue_files_clue", "clue_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))  # shown, never a path
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)

    clue: Mapped[Clue] = relationship(back_populates="files")

    @property
    def mimetype(self) -> str:
        return TYPES[self.kind].mimetype
