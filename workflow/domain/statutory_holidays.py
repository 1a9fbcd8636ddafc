"""The statutory holidays of 《全国年节及纪念日放假办法》, computed for any year (SPEC 4, "The calendar").

The State Council publishes each year's arrangement (放假安排: which days are off, which weekends
are worked by adjustment, 调休) around November of the year before. Until an administrator imports
it, a year is *provisional*: its days off are the weekends plus the statutory holidays the law
itself names, which this module computes. The arrangement usually adds more: bridge days that join
a holiday to a weekend, make-up days for a holiday on a weekend, and the adjusted working weekends
that pay for them. None of these can be known in advance, so a provisional calendar leaves them
out, and every due date computed in such a year is marked 待定 until the year is imported.

The law, edition by edition (the edition in force on 1 January of the year applies):

- 国务院令第270号 (1999-09-18): 元旦 1 day; 春节 初一 to 初三; 劳动节 5月1日 to 3日; 国庆节
  10月1日 to 3日.
- 国务院令第513号 (in force 2008-01-01): 春节 除夕 to 初二; 劳动节 5月1日 only; adds 清明节 (the
  solar term), 端午节 (五月初五) and 中秋节 (八月十五).
- 国务院令第644号 (in force 2014-01-01): 春节 初一 to 初三 again.
- 国务院令第795号 (《国务院关于修改〈全国年节及纪念日放假办法〉的决定》, 2024-11-10, in force
  2025-01-01): 春节 adds 除夕 (除夕 to 初三, 4 days); 劳动节 adds 5月2日 (2 days); 13 days in all.

Lunar dates and the 清明 solar term come from `lunar_python` (6tail's lunar, MIT): one
dependency-free package that does both the lunar-to-solar conversion and the 24 solar terms, the
latter computed astronomically (寿星天文历 algorithms) rather than read from a table with an end
year. `lunardate` has no solar terms, so 清明 would need a second source; `borax` has both but
reads them from tables. Its results are checked against every State Council arrangement that
`chinesecalendar` knows (tests/domain/test_statutory_holidays.py).

Pure: no I/O, no Flask, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from lunar_python import Lunar

# Years this module answers for: from the first edition it knows to a horizon well beyond any
# due date. Outside it, a provisional year has weekends only.
FIRST_YEAR = 2000
LAST_YEAR = 2199

Anchor = Literal["gregorian", "lunar", "solar_term"]


@dataclass(frozen=True)
class StatutoryRule:
    """One holiday of the law: `days` days off from the anchor's day shifted by `offset`."""

    name: str
    anchor: Anchor
    month: int = 0
    day: int = 0
    days: int = 1
    offset: int = 0  # 除夕 is the day before 正月初一: offset -1
    term: str = ""  # the solar term's name, for anchor "solar_term"


@dataclass(frozen=True)
class Edition:
    order: str  # the State Council order that made it
    first_year: int  # the first whole year it governs
    rules: tuple[StatutoryRule, ...]


_NEW_YEAR = StatutoryRule("元旦", "gregorian", 1, 1)
_NATIONAL_DAY = StatutoryRule("国庆节", "gregorian", 10, 1, days=3)
_QINGMING = StatutoryRule("清明节", "solar_term", term="清明")
_DRAGON_BOAT = StatutoryRule("端午节", "lunar", 5, 5)
_MID_AUTUMN = StatutoryRule("中秋节", "lunar", 8, 15)

EDITIONS: tuple[Edition, ...] = (
    Edition("国务院令第270号", 2000, (
        _NEW_YEAR,
        StatutoryRule("春节", "lunar", 1, 1, days=3),
        StatutoryRule("劳动节", "gregorian", 5, 1, days=3),
        _NATIONAL_DAY,
    )),
    Edition("国务院令第513号", 2008, (
        _NEW_YEAR,
        StatutoryRule("春节", "lunar", 1, 1, days=3, offset=-1),
        _QINGMING,
        StatutoryRule("劳动节", "gregorian", 5, 1),
        _DRAGON_BOAT,
        _MID_AUTUMN,
        _NATIONAL_DAY,
    )),
    Edition("国务院令第644号", 2014, (
        _NEW_YEAR,
        StatutoryRule("春节", "lunar", 1, 1, days=3),
        _QINGMING,
        StatutoryRule("劳动节", "gregorian", 5, 1),
        _DRAGON_BOAT,
        _MID_AUTUMN,
        _NATIONAL_DAY,
    )),
    Edition("国务院令第795号", 2025, (
        _NEW_YEAR,
        StatutoryRule("春节", "lunar", 1, 1, days=4, offset=-1),
        _QINGMING,
        StatutoryRule("劳动节", "gregorian", 5, 1, days=2),
        _DRAGON_BOAT,
        _MID_AUTUMN,
        _NATIONAL_DAY,
    )),
)


def edition_for(year: int) -> Edition | None:
    """The edition that governs `year`, or None outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return [e for e in EDITIONS if e.first_year <= year][-1]


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory days off of `year`, each with its holiday's name, in date order."""
    edition = edition_for(year)
    if edition is None:
        return {}
    found: dict[date, str] = {}
    for rule in edition.rules:
        first = _anchor_day(rule, year) + timedelta(days=rule.offset)
        for i in range(rule.days):
            found[first + timedelta(days=i)] = rule.name
    return dict(sorted(found.items()))


def lunar_new_year(year: int) -> date:
    """正月初一 of the lunar year that starts in `year`."""
    solar = Lunar.fromYmd(year, 1, 1).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def is_statutory_holiday(day: date) -> bool:
    return day in statutory_holidays(day.year)


def _anchor_day(rule: StatutoryRule, year: int) -> date:
    if rule.anchor == "gregorian":
        return date(year, rule.month, rule.day)
    # 正月初一 always falls between 21 January and 20 February, so the lunar year that starts in
    # `year` holds this year's 春节, 端午 and 中秋, and its solar-term table this year's 清明.
    if rule.anchor == "solar_term":
        solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()[rule.term]
    else:
        solar = Lunar.fromYmd(year, rule.month, rule.day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())
