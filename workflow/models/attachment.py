"""Uploaded files, stored on disk under generated names (SPEC 7); each belongs to exactly one
contact, co-handling opinion or reply."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.filetypes import TYPES
from workflow.extensions import db
from workflow.models.types import UTCDateTime

_OWNERS = ("contact_id", "opinion_id", "reply_id")


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in _OWNERS) + " = 1", name="one_owner"
        ),
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in TYPES) + ")", name="kind_valid"),
        Index("ix_attachments_reply", "reply_id"),
        Index("ix_attachments_opinion", "opinion_id"),
        Index("ix_attachments_contact", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("co_opinions.id"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"))
    filename: Mapped[str] = mapped_column(String(200))  # shown and offered on download, never a path
    kind: Mapped[str] = mapped_column(String(8))  # what the bytes are: pdf, docx, xlsx, jpeg, png
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)  # generated
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # taken off a draft; old versions keep it

    uploaded_by = relationship("User")

    @property
    def mimetype(self) -> str:
        return TYPES[self.kind].mimetype
