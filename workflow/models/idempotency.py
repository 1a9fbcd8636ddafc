"""Idempotency keys: one row per form shown (or per `Idempotency-Key` an API client sends), taken
in the transaction that creates what the form asks for, so a form posted twice creates once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.extensions import db
from workflow.models.types import UTCDateTime


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_user_created", "user_id", "created_at"),)

    key: Mapped[str] = mapped_column(String(160), primary_key=True)  # "web:<user>:<token>", "api:<user>:<key>"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(500))  # where the first request led
