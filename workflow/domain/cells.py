"""Spreadsheet cells from user text (issue 9 §11): a cell whose text begins with `=`, `+`, `-`
or `@` (or a tab or carriage return before one of them, or their full-width forms, which some
spreadsheets read alike) is taken for a formula when the file is opened, and a title such as
`=HYPERLINK("http://…","点此")` would run in the reader's spreadsheet. Every XLSX and CSV writer
passes its rows through `row()`, which puts an apostrophe before such text, as spreadsheets
themselves do to show a formula as text; numbers, dates and other values pass unchanged.
`restore()` undoes it for files that are read back (the calendar's CSV)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
QUOTE = "'"


def neutral(value: Any) -> Any:
    """The value as a cell that never starts a formula."""
    if isinstance(value, str) and value and (value[0] in FORMULA_STARTS or _quoted_formula(value)):
        return QUOTE + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    return [neutral(value) for value in values]


def restore(text: str) -> str:
    """The text a neutral cell held, for files the system reads back."""
    if text.startswith(QUOTE) and (text[1:2] in FORMULA_STARTS or _quoted_formula(text[1:])):
        return text[1:]
    return text


def _quoted_formula(value: str) -> bool:
    """Text that already begins with the apostrophe before a formula character gets one more,
    so that `restore` gives back exactly what was written."""
    return value.startswith(QUOTE) and (value[1:2] in FORMULA_STARTS or _quoted_formula(value[1:]))
