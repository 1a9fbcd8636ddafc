"""The admin's import format for one year of the work calendar.

A CSV file with the header ``date,kind,name``, one row per day:

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,workday,春节

``kind`` is ``holiday`` (a statutory day off; weekend days of a holiday period may be listed too)
or ``workday`` (a weekend day worked by adjustment). ``name`` is optional. All rows belong to one
year. Spreadsheet habits are tolerated: a UTF-8 byte-order mark, blank lines, spaces around
fields, a header without ``name``, and dates written ``2027/1/1``. The same file may be written in
Chinese: the header ``日期,类型,名称`` and the kinds ``放假`` (holiday) and ``上班`` (workday).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from workflow.domain import cells
from workflow.domain.calendar import ENTRY_KINDS, CalendarEntry, EntryKind, is_weekend

HEADER = ("date", "kind", "name")
# The same file written in Chinese: 日期,类型,名称 and the kinds 放假 / 上班.
HEADER_ZH = ("日期", "类型", "名称")
KIND_WORDS = {"放假": "holiday", "休息": "holiday", "假日": "holiday", "上班": "workday", "调休上班": "workday",
              "补班": "workday", "工作日": "workday"}
# What the Chinese file writes for each kind (the first of KIND_WORDS for it).
KIND_ZH = {"holiday": "放假", "workday": "上班"}

# Strict on shape: `date.fromisoformat` alone would also take "20270101" or "2027-W01-1".
_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})", re.ASCII)


def N_(text: str) -> str:  # noqa: N802 (the name pybabel extracts by default)
    """Marks a message for the translation catalog; whoever shows it translates it."""
    return text


class CalendarFileError(ValueError):
    """A problem with the file, at a 1-based line number (the header is line 1). `template` and
    `params` let the web page and the CLI say it in the user's language; `message` is English."""

    def __init__(self, line_no: int, template: str, **params: object) -> None:
        self.line_no = line_no
        self.template, self.params = template, params
        self.message = template % params
        super().__init__(f"line {line_no}: {self.message}")


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
        raise CalendarFileError(max(reader.line_num, 1), N_("the file lists no days"))
    return entries[0].day.year, entries


def _check_header(header: list[str] | None) -> None:
    found = tuple(field.strip().lower() for field in header or ())
    if found not in (HEADER, HEADER[:2], HEADER_ZH, HEADER_ZH[:2]):
        raise CalendarFileError(1, N_("the first line must be the header %(header)s"), header=",".join(HEADER_ZH))


def _parse_row(row: list[str], line_no: int) -> CalendarEntry:
    if len(row) > len(HEADER):
        raise CalendarFileError(
            line_no, N_("expected at most %(most)d fields, found %(found)d"), most=len(HEADER), found=len(row)
        )
    fields = [field.strip() for field in row] + [""] * (len(HEADER) - len(row))
    day = _parse_date(fields[0], line_no)
    kind = _parse_kind(fields[1], line_no)
    if kind == "workday" and not is_weekend(day):
        # Monday to Friday are working days anyway; listing one usually means a wrong date.
        raise CalendarFileError(
            line_no, N_("%(day)s is a weekday; only a Saturday or Sunday can be an adjusted workday"),
            day=day.isoformat(),
        )
    return CalendarEntry(day=day, kind=kind, name=cells.restore(fields[2]))  # as the export wrote it


def _parse_date(text: str, line_no: int) -> date:
    match = _DATE.fullmatch(text)
    if match is None:
        raise CalendarFileError(line_no, N_("'%(text)s' is not a date like 2027-01-01"), text=text)
    year, _, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CalendarFileError(line_no, N_("'%(text)s' is not a day of the calendar"), text=text) from None


def _parse_kind(text: str, line_no: int) -> EntryKind:
    kind = KIND_WORDS.get(text, text.lower())
    for known in ENTRY_KINDS:
        if kind == known:
            return known
    raise CalendarFileError(line_no, N_("the kind must be 放假 (a day off) or 上班 (a weekend day worked), not '%(text)s'"), text=text)


def _check_against_earlier(
    entry: CalendarEntry, line_no: int, entries: list[CalendarEntry], seen: dict[date, int]
) -> None:
    if entries and entry.day.year != entries[0].day.year:
        raise CalendarFileError(
            line_no, N_("%(day)s is not in %(year)d; a file holds one year only"),
            day=entry.day.isoformat(), year=entries[0].day.year,
        )
    if entry.day in seen:
        raise CalendarFileError(
            line_no, N_("%(day)s is already listed on line %(line)d"), day=entry.day.isoformat(), line=seen[entry.day]
        )
