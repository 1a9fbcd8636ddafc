"""Assignments (交办) of a proposal to bureaus (SPEC 3.2)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class Assignment(db.Model):
    __tablename__ = "assignments"
    __table_args__ = (
        state_check("state", AssignmentState),
        state_check("role", AssignmentRole),
        Index("ix_assignments_bureau_state", "bureau_id", "state"),
        Index("ix_assignments_proposal", "proposal_id"),
        Index("ix_assignments_state", "state"),  # the office's: reassignment requested
        # /bureau/assignments, newest first, for the office and for a bureau (migration 0011).
        Index("ix_assignments_assigned", "assigned_at", "id"),
        Index("ix_assignments_bureau_assigned", "bureau_id", "assigned_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureaus.id"))
    role: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(32), default=AssignmentState.PENDING_RECEIPT)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reassignment_reason: Mapped[str | None] = mapped_column(Text)
    decision_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    # The reply round: 1, and one more each time the office orders re-handling (SPEC 3.4).
    round: Mapped[int] = mapped_column(default=1, server_default="1")

    # Every UPDATE checks and moves the version on (services/guard.py).
    __mapper_args__ = {"version_id_col": version}

    proposal = relationship("Proposal", back_populates="assignments")
    bureau = relationship("Bureau")
    received_by = relationship("User", foreign_keys=[received_by_id])  # the bureau's contact person
    clocks = relationship(
        "Clock", primaryjoin="Assignment.id == foreign(Clock.assignment_id)", viewonly=True, order_by="Clock.id"
    )
