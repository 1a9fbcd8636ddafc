"""The archive's index as XLSX (openpyxl): one row per item, for finding an item's PDF."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from workflow.archive.record import ItemRecord
from workflow.domain import cells

_WIDTHS = (12, 40, 16, 36, 12, 24, 10, 36, 12, 12, 12, 16)


def render_index(items: list[tuple[ItemRecord, str]]) -> bytes:
    """`items` pairs each record with its PDF's name inside the ZIP."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Index")
    sheet.append(cells.row([
        _("Number"), _("Title"), _("Proposer"), _("Bureaus"), _("State"), _("Document number"),
        _("Resolution category"), _("Feedback"), _("Submitted at"), _("Filed at"), _("Closed at"), _("File"),
    ]))
    for item, file_name in items:
        sheet.append(cells.row([  # titles, names and notes are user text
            item.number, item.title, item.proposer, item.bureaus, item.state,
            "；".join(r.doc_number for r in item.replies if r.doc_number),
            "；".join(r.resolution for r in item.replies if r.resolution and r.doc_number),
            item.feedback, item.submitted_on, item.filed_on, item.closed_on, file_name,
        ]))
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
