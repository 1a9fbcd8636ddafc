"""Periods as people read and write them: "15个工作日", "3个月" (or "15 working days", "3 months"),
never the stored code ("15wd", "3m", workflow/domain/deadlines.Period) that the settings keep."""
from __future__ import annotations

import re

from flask_babel import ngettext

from workflow.domain.deadlines import Period

# A number, then a unit in any language the system speaks, or the stored code's suffix.
_TEXT = re.compile(r"\s*([0-9]+)\s*(.*?)\s*", re.S)
_WORKING_DAYS = {"wd", "个工作日", "工作日", "working day", "working days"}
_MONTHS = {"m", "个月", "月", "month", "months"}


def shown(code: str | None) -> str:
    """The period in the reader's language; "" for none, the text as given when it is no period."""
    if not code:
        return ""
    try:
        period = Period.parse(str(code))
    except ValueError:
        return str(code)
    if period.unit == "months":
        return ngettext("%(num)d month", "%(num)d months", period.amount)
    return ngettext("%(num)d working day", "%(num)d working days", period.amount)


def read(text: str | None) -> str:
    """The stored code of a period written as a number and a unit; the text unchanged when it is
    none (the settings service then refuses it with its message)."""
    match = _TEXT.fullmatch(text or "")
    if match is None:
        return (text or "").strip()
    unit = match[2].lower()
    if unit in _WORKING_DAYS:
        return f"{int(match[1])}wd" if int(match[1]) else (text or "").strip()
    if unit in _MONTHS:
        return f"{int(match[1])}m" if int(match[1]) else (text or "").strip()
    return (text or "").strip()
