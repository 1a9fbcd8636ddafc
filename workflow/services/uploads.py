"""Attachments: checked for size and real type, stored under generated names (SPEC 7).

A service first `check`s what was sent (nothing is written while anything may still be refused),
then, inside `storing()`, writes each file and adds its row; if the transaction then fails, the
files written are removed again, so nothing is half-saved. The client's file name is kept only
as a label for display and download, never as part of a path.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from workflow.domain.filetypes import TYPES, FileType, base_name, detect, display_name
from workflow.extensions import db
from workflow.models import Attachment, User
from workflow.services.errors import Invalid

MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    """A file as the client sent it."""

    filename: str | None
    data: bytes


@dataclass(frozen=True)
class Staged:
    name: str
    file_type: FileType
    data: bytes
    sha256: str


def limit() -> int:
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def check(uploads: list[Upload], field: str = "attachments") -> list[Staged]:
    """Refuse the lot (Invalid, naming the file) if any is too large or of a type not allowed."""
    uploads = [u for u in uploads if u.data or u.filename]
    if len(uploads) > MAX_FILES:
        raise Invalid({field: _("At most %(n)d files at a time.", n=MAX_FILES)})
    allowed = {t.strip() for t in current_app.config["UPLOAD_TYPES"]}
    staged = []
    for upload in uploads:
        label = base_name(upload.filename) or "?"
        if not upload.data:
            raise Invalid({field: _("“%(name)s” is empty.", name=label)})
        if len(upload.data) > limit():
            raise Invalid({field: _("“%(name)s” is larger than %(mb)s MB.", name=label, mb=_megabytes(limit()))})
        file_type = detect(upload.data)
        if file_type is None or file_type.key not in allowed:
            kinds = ", ".join(TYPES[k].extension.lstrip(".").upper() for k in TYPES if k in allowed)
            raise Invalid({field: _("“%(name)s” is not a file of an allowed type (%(kinds)s).", name=label, kinds=kinds)})
        staged.append(Staged(display_name(upload.filename, file_type), file_type,
                             upload.data, hashlib.sha256(upload.data).hexdigest()))
    return staged


Store = Callable[..., Attachment]


@contextmanager
def storing(actor: User, proposal_id: int, now: datetime) -> Iterator[Store]:
    """Yield `store(staged, contact_id=… | opinion_id=… | reply_id=…)`; commit inside the block.
    Any exception in the block removes the files written in it."""
    written: list[Path] = []

    def store(staged: Staged, **owner: int) -> Attachment:
        name = secrets.token_hex(16)
        path = path_for(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:  # exclusive: never overwrite
            out.write(staged.data)
        written.append(path)
        row = Attachment(
            proposal_id=proposal_id, filename=staged.name, kind=staged.file_type.key, size=len(staged.data),
            sha256=staged.sha256, storage_name=name, uploaded_by_id=actor.id, created_at=now, **owner,
        )
        db.session.add(row)
        return row

    try:
        yield store
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def path_for(storage_name: str) -> Path:
    if not storage_name.isalnum():  # generated hex; anything else is not ours
        raise ValueError("not a storage name")
    return Path(current_app.config["UPLOAD_DIR"]) / storage_name[:2] / storage_name


def read_limited(stream, filename: str | None) -> Upload:
    """Read a web upload, at most one byte past the limit, so an oversized file is refused
    without holding all of it."""
    return Upload(filename, stream.read(limit() + 1))


def _megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.2f}"
