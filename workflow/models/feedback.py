"""Proposers' ratings of a sent reply (SPEC 3.4)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.feedback import Rating
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check

_RATINGS = ", ".join(f"'{r}'" for r in Rating)


class Feedback(db.Model):
    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("reply_id", "user_id"),
        state_check("rating", Rating),
        CheckConstraint(f"attitude IS NULL OR attitude IN ({_RATINGS})", name="attitude_valid"),
        CheckConstraint(f"result IS NULL OR result IN ({_RATINGS})", name="result_valid"),
        Index("ix_feedback_user", "user_id"),  # what a member has rated (the work list)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[str] = mapped_column(String(24))
    attitude: Mapped[str | None] = mapped_column(String(24))  # 办理态度
    result: Mapped[str | None] = mapped_column(String(24))  # 办理结果
    comments: Mapped[str] = mapped_column(Text, default="")
    decides: Mapped[bool] = mapped_column(default=False)  # the lead proposer's rating
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user = relationship("User")
