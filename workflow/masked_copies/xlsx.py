"""An XLSX attachment as a new workbook holding the values of every sheet, text masked cell by cell.

A new workbook rather than the original edited: formulas, comments, hidden names, pivot caches,
images and the document's properties stay behind by construction, and what a formula showed is
kept as its last computed value (openpyxl's `data_only`); text that would read as a formula is
neutralised (domain/cells.py). Numbers are masked too when written out
they read as personal data (a mobile typed as a number). Column widths and merged cells are kept,
so the table still reads as a table.
"""
from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook, load_workbook

from workflow.domain import cells
from workflow.domain.masking import Span, apply

SpansOf = Callable[[str], list[Span]]


def masked_xlsx(data: bytes, spans_of: SpansOf) -> bytes:
    source = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    target = Workbook()
    target.remove(target.active)
    for sheet in source.worksheets:
        copy = target.create_sheet(_masked(sheet.title, spans_of)[:31] or "Sheet")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    copy.cell(row=cell.row, column=cell.column, value=cells.neutral(_value(cell.value, spans_of)))
        for merged in sheet.merged_cells.ranges:
            copy.merge_cells(str(merged))
        for key, dimension in sheet.column_dimensions.items():
            if dimension.width:
                copy.column_dimensions[key].width = dimension.width
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def _masked(text: str, spans_of: SpansOf) -> str:
    return apply(text, spans_of(text))


def _value(value, spans_of: SpansOf):
    if isinstance(value, str):
        return _masked(value, spans_of)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
        masked = _masked(text, spans_of)
        return value if masked == text else masked
    return value
