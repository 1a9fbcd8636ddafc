"""Requests to extend a reply deadline (延期), SPEC 3.3."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.extension import ExtensionState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class ExtensionRequest(db.Model):
    __tablename__ = "extension_requests"
    __table_args__ = (
        state_check("state", ExtensionState),
        CheckConstraint("(state = 'granted') = (granted_due IS NOT NULL)", name="granted_has_due"),
        Index("ix_extension_requests_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    clock_id: Mapped[int] = mapped_column(ForeignKey("clocks.id"))  # the reply clock it would move
    state: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text)
    current_due: Mapped[date] = mapped_column(Date)  # the due date when asked
    asked_due: Mapped[date] = mapped_column(Date)
    granted_due: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    assignment = relationship("Assignment")
    clock = relationship("Clock")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
