"""The attachments of a publication, offered to the public only as masked copies (issue 9 §6).

When a reply is published (or published again), each attachment chosen is copied and masked by the
letter's rules and the redactor's phrases (workflow/masked_copies): DOCX and XLSX as masked
documents, PDF as a masked text copy; images, and PDFs without text, cannot be masked and are not
offered. An admin setting (`publication.attachments`) may publish no attachments at all. The copies
are written under generated names in the upload directory, in the publishing transaction: if it
fails, the files written are removed again; when a publication is published again, its earlier
copies are replaced, and their files removed once the new ones are committed. The portal and the
API read nothing but these copies: the original never reaches the public.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select

from workflow.domain.filetypes import TYPES
from workflow.domain.publication import COPY_SUFFIX, AttachmentMode
from workflow.extensions import db
from workflow.masked_copies import MaskedCopy, SpansOf, mask_text, masked_copy
from workflow.models import Attachment, Publication, PublishedFile, Reply
from workflow.models.published_file import MASKABLE_KINDS
from workflow.services import publication_settings, uploads


def mode() -> AttachmentMode:
    return AttachmentMode(str(publication_settings.get("publication.attachments")))


def offered_kind(attachment: Attachment) -> bool:
    """Whether a masked copy can be made of a file of this kind (a PDF may still turn out to hold
    no text)."""
    return attachment.kind in MASKABLE_KINDS


def of(row: Publication) -> list[PublishedFile]:
    query = select(PublishedFile).where(PublishedFile.publication_id == row.id)
    return list(db.session.execute(query.order_by(PublishedFile.attachment_id)).scalars())


def get(row: Publication, attachment_id: int) -> PublishedFile | None:
    query = select(PublishedFile).where(PublishedFile.publication_id == row.id,
                                        PublishedFile.attachment_id == attachment_id)
    return db.session.execute(query).scalar_one_or_none()


def copy_name(filename: str, kind: str, text_copy: bool, spans_of: SpansOf) -> str:
    """The copy's name: the original's, masked, marked as a masked (text) copy."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    extension = TYPES[kind].extension
    suffix = COPY_SUFFIX[text_copy]
    return mask_text(stem, spans_of)[: 200 - len(suffix) - len(extension)] + suffix + extension


def copy_of(attachment: Attachment, spans_of: SpansOf) -> tuple[str, MaskedCopy] | None:
    """The masked copy of one attachment and its name; None when none can be made."""
    if not offered_kind(attachment):
        return None
    copy = masked_copy(attachment.kind, uploads.path_for(attachment.storage_name).read_bytes(), spans_of)
    if copy is None:
        return None
    return copy_name(attachment.filename, copy.kind, copy.text_copy, spans_of), copy


@dataclass
class Copies:
    """The masked copies written in one publishing transaction."""

    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)

    def make(self, row: Publication, reply: Reply, attachment_ids: list[int], spans_of: SpansOf,
             now: datetime) -> list[PublishedFile]:
        """Replace the publication's copies by copies of the chosen attachments, as the setting says."""
        for old in of(row):
            self.replaced.append(uploads.path_for(old.storage_name))
        db.session.execute(delete(PublishedFile).where(PublishedFile.publication_id == row.id))
        if mode() == AttachmentMode.NONE:
            return []
        made = []
        for attachment in reply.attachments:
            if attachment.id in attachment_ids:
                made_copy = copy_of(attachment, spans_of)
                if made_copy is not None:
                    made.append(self._store(row, attachment, *made_copy, now))
        return made

    def _store(self, row: Publication, attachment: Attachment, filename: str, copy: MaskedCopy,
               now: datetime) -> PublishedFile:
        name = secrets.token_hex(16)
        path = uploads.path_for(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:  # exclusive: never overwrite
            out.write(copy.data)
        self.written.append(path)
        published = PublishedFile(
            publication_id=row.id, attachment_id=attachment.id, kind=copy.kind, text_copy=copy.text_copy,
            filename=filename, size=len(copy.data),
            sha256=hashlib.sha256(copy.data).hexdigest(), storage_name=name, created_at=now,
        )
        db.session.add(published)
        return published


@contextmanager
def copies() -> Iterator[Copies]:
    """Yield a Copies; commit inside the block. Any exception removes the files written in it; once
    the block has finished, the files of the copies it replaced are removed."""
    made = Copies()
    try:
        yield made
    except BaseException:
        for path in made.written:
            path.unlink(missing_ok=True)
        raise
    for path in made.replaced:
        path.unlink(missing_ok=True)
