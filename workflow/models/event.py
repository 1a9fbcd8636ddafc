"""The append-only event log behind every timeline."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.extensions import db
from workflow.models.types import UTCDateTime


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_proposal", "proposal_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    action: Mapped[str] = mapped_column(String(48))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict | None] = mapped_column(JSON)  # {"field": [previous, new]}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    actor = relationship("User")
    assignment = relationship("Assignment")
