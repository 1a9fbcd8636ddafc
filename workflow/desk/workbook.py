"""Reading an uploaded XLSX into cell texts, and writing the desk's XLSX files: Chinese headers in
a frozen, bold first row, column widths, dates as dates and numbers as numbers. Every row the
desk writes goes through cells.row, so no cell from user text starts a formula."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workflow.domain import cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
PROGRESS_EVERY = 100  # rows between two reports of a worker's progress  # a session has hundreds of items; a sheet far larger is a mistake


class SheetUnreadable(ValueError):
    """Not an XLSX workbook openpyxl can read."""


def read_rows(content: bytes, max_rows: int = MAX_ROWS) -> tuple[list[str], list[list[str]]]:
    """The first sheet's header row and data rows as texts (numbers without a trailing .0, dates
    as YYYY-MM-DD); an apostrophe the system's own exports put before formula-like text is taken
    off again."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise SheetUnreadable(type(exc).__name__) from None
    try:
        sheet = book.worksheets[0]
        lines = []
        for index, values in enumerate(sheet.iter_rows(values_only=True)):
            if index > max_rows:
                raise SheetUnreadable("too many rows")
            lines.append([_text(v) for v in values])
    finally:
        book.close()
    if not lines:
        return [], []
    return lines[0], lines[1:]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return cells.restore(str(value))


@dataclass(frozen=True)
class Col:
    header: str
    width: int = 14
    kind: str = "text"  # text, int, date, datetime, wrap


def sheet_bytes(title: str, columns: Sequence[Col], rows: Sequence[Sequence[Any]], *,
                caption: str | None = None, extra: Sequence[tuple[str, Sequence[Col], Iterable]] = (),
                progress: Callable[[int, int], None] | None = None) -> bytes:
    """One workbook of a list: an optional caption row (what was filtered), the header row frozen
    under it, then the rows; `extra` adds further sheets of the same shape."""
    book = Workbook()
    _fill(book.active, title, columns, rows, caption, progress)
    for name, cols, more in extra:
        _fill(book.create_sheet(), name, cols, more, None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet, title: str, columns: Sequence[Col], rows: Iterable[Sequence[Any]], caption: str | None,
          progress: Callable[[int, int], None] | None = None) -> None:
    sheet.title = _sheet_title(title)
    bold = Font(bold=True)
    if caption:
        sheet.append(cells.row([caption]))
        sheet.cell(row=1, column=1).font = bold
    sheet.append(cells.row([c.header for c in columns]))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
    total = len(rows) if isinstance(rows, Sequence) else 0
    for count, values in enumerate(rows, start=1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, total)
        sheet.append(cells.row(values))
        line = sheet.max_row
        for index, col in enumerate(columns, start=1):
            cell = sheet.cell(row=line, column=index)
            if col.kind == "date" and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif col.kind == "datetime" and cell.value is not None:
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif col.kind == "wrap":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, col in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = col.width
    sheet.freeze_panes = f"A{header_row + 1}"


def _sheet_title(title: str) -> str:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
