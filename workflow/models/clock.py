"""Clocks: one row per running statutory period (SPEC 4)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.domain.clocks import ClockKind
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check

RUNNING = "stopped_at IS NULL"


class Clock(db.Model):
    __tablename__ = "clocks"
    __table_args__ = (
        state_check("kind", ClockKind),
        Index("ix_clocks_open_due", "stopped_at", "due_date"),
        Index("ix_clocks_next_remind_at", "next_remind_at"),  # the sweep reads only the clocks due
        # The work lists join each task to its running clock (migration 0011).
        Index("ix_clocks_assignment_kind", "assignment_id", "kind"),
        Index("ix_clocks_proposal", "proposal_id"),
        Index("ix_clocks_kind_running", "kind", "stopped_at"),  # e.g. the publication clocks running
        # What is running now, however many years of stopped clocks the table keeps (migration 0019).
        Index("ix_clocks_running_assignment", "assignment_id", "kind", postgresql_where=text(RUNNING),
              sqlite_where=text(RUNNING)),
        Index("ix_clocks_running_proposal", "proposal_id", "kind", postgresql_where=text(RUNNING),
              sqlite_where=text(RUNNING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    kind: Mapped[str] = mapped_column(String(24))
    start_date: Mapped[date] = mapped_column(Date)
    period: Mapped[str | None] = mapped_column(String(8))  # "3m"; None when the office fixed the date
    due_date: Mapped[date] = mapped_column(Date)
    provisional: Mapped[bool] = mapped_column(default=False)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the next reminder threshold falls (UTC); None once stopped or when none is left.
    next_remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def running(self) -> bool:
        return self.stopped_at is None
