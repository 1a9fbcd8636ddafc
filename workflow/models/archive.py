"""Archive runs of a session (SPEC 3.6): the ZIP of every item's PDF and the index."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.archive import ArchiveState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class Archive(db.Model):
    __tablename__ = "archives"
    __table_args__ = (
        state_check("state", ArchiveState),
        # A file exactly when done; a finishing time exactly when done or failed.
        CheckConstraint("(state = 'done') = (file_name IS NOT NULL)", name="done_has_file"),
        CheckConstraint("(state IN ('done', 'failed')) = (finished_at IS NOT NULL)", name="finished_has_time"),
        Index("ix_archives_session", "session_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    state: Mapped[str] = mapped_column(String(8), default=ArchiveState.QUEUED)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the command line
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    file_name: Mapped[str | None] = mapped_column(String(128))  # under UPLOAD_DIR/archives, generated
    items: Mapped[int | None]  # how many items the ZIP holds
    error: Mapped[str | None] = mapped_column(Text)  # the kind of failure, never its secrets

    session = relationship("Session")
    requested_by = relationship("User")
