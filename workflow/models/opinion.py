"""Co-handling opinions (协办意见), one per co-handling assignment (SPEC 3.3)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.opinion import OpinionState
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class CoOpinion(db.Model):
    __tablename__ = "co_opinions"
    __table_args__ = (
        state_check("state", OpinionState),
        CheckConstraint("(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_has_time"),
        Index("ix_co_opinions_state", "state"),  # a leader's opinions to sign off
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), unique=True)
    state: Mapped[str] = mapped_column(String(24), default=OpinionState.DRAFT)
    body: Mapped[str] = mapped_column(Text, default="")
    return_note: Mapped[str | None] = mapped_column(Text)  # the leader's comments when returned
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __mapper_args__ = {"version_id_col": version}

    assignment = relationship("Assignment")
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    attachments = relationship(
        "Attachment",
        primaryjoin="and_(CoOpinion.id == foreign(Attachment.opinion_id), Attachment.removed_at.is_(None))",
        viewonly=True,
        order_by="Attachment.id",
    )
