"""What a file really is, from its bytes, never from its name or the browser's word (SPEC 7).

PDF, JPEG and PNG are told by their magic numbers. DOCX and XLSX are ZIP packages: the ZIP
signature alone would let any archive in, so the package must be readable and hold the part
that makes it a Word document or an Excel workbook.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    key: str
    mimetype: str
    extension: str


TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("pdf", "application/pdf", ".pdf"),
        FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        FileType("jpeg", "image/jpeg", ".jpg"),
        FileType("png", "image/png", ".png"),
    )
}

_ZIP_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def detect(data: bytes) -> FileType | None:
    if data.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if data.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if data.startswith(b"PK\x03\x04"):
        return _office_package(data)
    return None


def _office_package(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for key, part in _ZIP_PARTS.items():
        if part in names:
            return TYPES[key]
    return None


def base_name(client_name: str | None, limit: int = 120) -> str:
    """The client's file name without any path, control or reserved characters."""
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")[:limit]


def display_name(client_name: str | None, file_type: FileType, limit: int = 120) -> str:
    """A name to show and to offer on download: the client's base name, with the extension of
    what the file really is. Never used as a path."""
    name = base_name(client_name, 1000)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[: limit - len(file_type.extension)] or "attachment"
    return stem + file_type.extension
