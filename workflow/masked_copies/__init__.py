"""Masked copies of a reply's attachments for the public portal (issue 9 §6): the original file
never reaches the public; what the portal offers is made from it when the reply is published,
masked by the same rules as the letter (workflow/domain/masking.py) and the redactor's phrases.

- DOCX: the same document with its text masked run by run, its layout kept; whatever text the
  rules cannot read is taken out (images, embedded objects, comments, tracked deletions, the
  author in its properties): see `docx`.
- XLSX: a new workbook with the values of every sheet, text masked cell by cell: see `xlsx`.
- PDF: a text copy, since a PDF's text cannot be edited in place: its text extracted, masked, and
  set again on A4 pages that say so at the top (`pdf`). A PDF without text (a scan) has nothing
  to mask by rule and is not offered.
- Images (JPEG, PNG): nothing to read, so nothing can be masked: never offered.

`masked_copy` answers None for whatever cannot be offered, also for a file it cannot read.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from workflow.domain.masking import Span, apply
from workflow.masked_copies import docx, pdf, xlsx

SpansOf = Callable[[str], list[Span]]
MAKERS = {"docx": (docx.masked_docx, False), "xlsx": (xlsx.masked_xlsx, False), "pdf": (pdf.masked_text_pdf, True)}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MaskedCopy:
    data: bytes
    kind: str  # what the copy is: pdf, docx, xlsx
    text_copy: bool  # the text alone, set again (a PDF): its layout is not the original's


def masked_copy(kind: str, data: bytes, spans_of: SpansOf) -> MaskedCopy | None:
    if kind not in MAKERS:
        return None
    make, text_copy = MAKERS[kind]
    try:
        masked = make(data, spans_of)
    except Exception as exc:  # a file the library cannot read: not offered, the publisher is told
        log.warning("no masked copy of a %s attachment: %s", kind, type(exc).__name__)
        return None
    return None if masked is None else MaskedCopy(masked, kind, text_copy)


def mask_text(text: str, spans_of: SpansOf) -> str:
    return apply(text, spans_of(text))
