"""The figures as an XLSX workbook (openpyxl): a totals sheet, a sheet of one row per answering
bureau and a sheet of the co bureaus' co-handling (totals first), each under a title row naming the
filter and the date. Percentages are numbers formatted as
percentages, so a spreadsheet can compute with them; "—" where there is nothing to measure."""
from __future__ import annotations

import io
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from workflow.domain import cells
from workflow.domain.deadlines import local_date
from workflow.domain.figures import NO_VALUE, CoCounts, Counts
from workflow.office.figure_columns import CO_COLUMNS, DAYS, PERCENT, Column, columns
from workflow.services.figures import Figures

FORMATS = {PERCENT: "0.0%", DAYS: "0.0"}


def workbook(result: Figures, filter_text: str) -> bytes:
    book = Workbook()
    title = _("Figures: %(filter)s, as of %(day)s", filter=filter_text, day=local_date(result.at).isoformat())
    cols = columns(result.categories)
    totals = book.active
    totals.title = _("Totals")
    _sheet(totals, title, cols, [(_("All bureaus"), result.totals)])
    _sheet(book.create_sheet(_("By bureau")), title, cols, [(r.bureau.name, r.counts) for r in result.rows])
    co_rows = [(_("All co bureaus"), result.co_totals), *((r.bureau.name, r.counts) for r in result.co_rows)]
    _sheet(book.create_sheet(_("Co-handling")), title, list(CO_COLUMNS), co_rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet, title: str, cols: list[Column], rows: list[tuple[str, Counts | CoCounts]]) -> None:
    # Every row through cells.row: the title names sessions and bureaus, the rows bureaus.
    sheet.append(cells.row([title]))
    sheet["A1"].font = Font(bold=True)
    sheet.append(cells.row([_("Bureau"), *(str(c.header) for c in cols)]))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for label, counts in rows:
        sheet.append(cells.row([label, *(_cell(c, counts) for c in cols)]))
        for col, cell in zip(cols, sheet[sheet.max_row][1:], strict=True):
            if col.kind in FORMATS and cell.value != NO_VALUE:
                cell.number_format = FORMATS[col.kind]
    sheet.column_dimensions["A"].width = 28
    for index in range(2, len(cols) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.freeze_panes = "B3"


def _cell(col: Column, counts: Counts | CoCounts):
    value = col.value(counts)
    if value is None:
        return NO_VALUE
    if col.kind == PERCENT:
        return float(value / Decimal(100))
    return float(value) if isinstance(value, Decimal) else value
