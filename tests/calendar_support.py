"""A year's calendar file for the tests, shaped like a State Council arrangement (2027's is not
published: these are made-up bridge days and adjusted workdays around the real statutory days)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def _days(first: str, last: str, name: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [f"{start + timedelta(days=i)},holiday,{name}" for i in range((end - start).days + 1)]


ROWS_2027 = [
    *_days("2027-01-01", "2027-01-03", "元旦"),
    *_days("2027-02-05", "2027-02-13", "春节"),  # 除夕 02-05 to 初八
    "2027-02-14,workday,春节",  # a Sunday worked
    *_days("2027-04-03", "2027-04-05", "清明节"),
    "2027-04-25,workday,劳动节",
    *_days("2027-05-01", "2027-05-05", "劳动节"),
    "2027-06-09,holiday,端午节",
    "2027-09-15,holiday,中秋节",
    "2027-09-26,workday,国庆节",
    *_days("2027-10-01", "2027-10-07", "国庆节"),
    "2027-10-09,workday,国庆节",
]


def calendar_file(rows: list[str]) -> str:
    return "date,kind,name\n" + "\n".join(rows) + "\n"


FULL_2027 = calendar_file(ROWS_2027)
# The same without 端午 and 中秋: two statutory holidays missing.
WITHOUT_TWO_2027 = calendar_file([r for r in ROWS_2027 if "端午" not in r and "中秋" not in r])
# A correction: the Spring Festival runs one day longer, and 02-14 is no longer worked.
CORRECTED_2027 = calendar_file(
    [r for r in ROWS_2027 if not r.startswith("2027-02-14")] + ["2027-02-14,holiday,春节"]
)

# Assigned on Friday 2026-11-06 (10:00 in Shanghai): the reply's three months end on Saturday
# 2027-02-06, 初一. Provisionally due 2027-02-09 (除夕 to 初三 are statutory); with FULL_2027 on
# the adjusted Sunday 02-14; with CORRECTED_2027 on Monday 02-15.
NOVEMBER_2026 = datetime(2026, 11, 6, 2, 0, tzinfo=UTC)
