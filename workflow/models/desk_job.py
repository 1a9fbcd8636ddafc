"""Background exports and imports of the desk (issue 10), and how far each has come."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.desk_job import JobKind, JobState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class DeskJob(db.Model):
    __tablename__ = "desk_jobs"
    __table_args__ = (
        state_check("state", JobState),
        state_check("kind", JobKind, name="kind_valid"),
        CheckConstraint("(state IN ('done', 'failed')) = (finished_at IS NOT NULL)", name="finished_has_time"),
        Index("ix_desk_jobs_requester", "requested_by_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(8), default=JobState.QUEUED)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # an export's filter
    source_name: Mapped[str | None] = mapped_column(String(128))  # an import's sheet, generated name
    file_name: Mapped[str | None] = mapped_column(String(128))  # an export's result, generated name
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict | None] = mapped_column(JSON)  # count saved, or the problems of a refused sheet
    error: Mapped[str | None] = mapped_column(String(64))  # the kind of a failure, never its secrets

    requested_by = relationship("User")
