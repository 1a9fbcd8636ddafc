"""The admin's import format for one year of the work calendar.

A CSV file with the header ``date,kind,name``, one row per day:

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,workday,春节

``kind`` is ``holiday`` (a statutory day off; weekend days of a holiday period may be listed too)
or ``workday`` (a weekend day worked by adjustment). ``name`` is optional. All rows belong to one
year. Spreadsheet habits are tolerated: a UTF-8 byte-order mark, blank lines, spaces around
fields, a header without ``name``, and dates written ``2027/1/1``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from workflow.domain import cells
from workflow.domain.calendar import ENTRY_KINDS, CalendarEntry, EntryKind, is_weekend

HEADER = ("date", "kind", "name")

# Strict on shape: `date.fromisoformat` alone would also take "20270101" or "2027-W01-1".
_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})", re.ASCII)


class CalendarFileError(ValueError):
    """A problem with the file, at a 1-based line number (the header is line 1)."""

    def __init__(self, line_no: int, message: str) -> None:
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no
        self.message = message


def parse_calendar_file(text: str) -> tuple[int, list[CalendarEntry]]:
    """Return the year the file covers and its entries, in file order."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    _check_header(next(reader, None))
    entries: list[CalendarEntry] = []
    seen: dict[date, int] = {}
    for row in reader:
        line_no = reader.line_num
        if not any(field.strip() for field in row):
            continue
        entry = _parse_row(row, line_no)
        _check_against_earlier(entry, line_no, entries, seen)
        seen[entry.day] = line_no
        entries.append(entry)
    if not entries:
        raise CalendarFileError(max(reader.line_num, 1), "the file lists no days")
    return entries[0].day.year, entries


def _check_header(header: list[str] | None) -> None:
    found = tuple(field.strip().lower() for field in header or ())
    if found not in (HEADER, HEADER[:2]):
        raise CalendarFileError(1, f"the first line must be the header {','.join(HEADER)}")


def _parse_row(row: list[str], line_no: int) -> CalendarEntry:
    if len(row) > len(HEADER):
        raise CalendarFileError(line_no, f"expected at most {len(HEADER)} fields, found {len(row)}")
    fields = [field.strip() for field in row] + [""] * (len(HEADER) - len(row))
    day = _parse_date(fields[0], line_no)
    kind = _parse_kind(fields[1], line_no)
    if kind == "workday" and not is_weekend(day):
        # Monday to Friday are working days anyway; listing one usually means a wrong date.
        raise CalendarFileError(
            line_no, f"{day} is a weekday; only a Saturday or Sunday can be an adjusted workday"
        )
    return CalendarEntry(day=day, kind=kind, name=cells.restore(fields[2]))  # as the export wrote it


def _parse_date(text: str, line_no: int) -> date:
    match = _DATE.fullmatch(text)
    if match is None:
        raise CalendarFileError(line_no, f"{text!r} is not a date like 2027-01-01")
    year, _, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CalendarFileError(line_no, f"{text!r} is not a day of the calendar") from None


def _parse_kind(text: str, line_no: int) -> EntryKind:
    kind = text.lower()
    for known in ENTRY_KINDS:
        if kind == known:
            return known
    raise CalendarFileError(line_no, f"kind must be holiday or workday, not {text!r}")


def _check_against_earlier(
    entry: CalendarEntry, line_no: int, entries: list[CalendarEntry], seen: dict[date, int]
) -> None:
    if entries and entry.day.year != entries[0].day.year:
        raise CalendarFileError(
            line_no, f"{entry.day} is not in {entries[0].day.year}; a file holds one year only"
        )
    if entry.day in seen:
        raise CalendarFileError(line_no, f"{entry.day} is already listed on line {seen[entry.day]}")
