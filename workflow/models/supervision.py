"""Supervision notes (督办意见) of the office on an item (SPEC 3.6)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.extensions import db
from workflow.models.types import UTCDateTime


class SupervisionNote(db.Model):
    __tablename__ = "supervision_notes"
    __table_args__ = (Index("ix_supervision_notes_proposal", "proposal_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    # The assignment whose bureau the note is addressed to; None: the office's own record.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    assignment = relationship("Assignment")
    created_by = relationship("User")

    @property
    def bureau_id(self) -> int | None:
        return self.assignment.bureau_id if self.assignment is not None else None
