"""The masked copy of a reply's attachment, made when the reply is published (issue 9 §6): the only
form in which an attachment reaches the public. Stored on disk under a generated name like every
upload; the original stays with the reply, for the office and the bureaus."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.domain.filetypes import TYPES
from workflow.extensions import db
from workflow.models.types import UTCDateTime

MASKABLE_KINDS = ("pdf", "docx", "xlsx")


class PublishedFile(db.Model):
    __tablename__ = "published_files"
    __table_args__ = (
        UniqueConstraint("publication_id", "attachment_id", name="uq_published_files_publication_attachment"),
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in MASKABLE_KINDS) + ")", name="kind_valid"),
        Index("ix_published_files_publication", "publication_id", "attachment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))  # the original it was made from
    filename: Mapped[str] = mapped_column(String(200))  # masked too, offered on download, never a path
    kind: Mapped[str] = mapped_column(String(8))  # what the copy is
    text_copy: Mapped[bool] = mapped_column(default=False)  # a PDF's text set again, its layout not kept
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)  # generated
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def mimetype(self) -> str:
        return TYPES[self.kind].mimetype
