"""The evaluations as XLSX workbooks: a title row, a bold header row frozen, typed cells (numbers
stay numbers), every cell through workflow/domain/cells.py."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from workflow.domain import cells


def workbook(sheet_title: str, title: str, headers: list[str], rows: list[list], widths: dict[int, int]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(cells.row([title]))
    sheet["A1"].font = Font(bold=True)
    sheet.append(cells.row(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(cells.row(values))
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(index, 12)
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
