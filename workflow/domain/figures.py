"""The figures the office reports (SPEC 6, issue 9 §8): what each count means and how the rates
are made.

The unit of a bureau's row is the **answering assignment**: an assignment whose role is `lead`
(主办) or `separate` (分办), because those are the bureaus that answer the proposer. Withdrawn
assignments (the office reassigned the item) count nowhere. A proposal split between two separate
bureaus is two 件, one for each bureau, as bureaus' work is counted; the totals of these counts are
the sum of the bureau rows, with the rates pooled over them (not an average of the bureaus' rates).
Co bureaus (协办) write an opinion to the lead, not a reply: they get rows of their own
(`CoCounts`).

Counts over answering assignments, of proposals matching the filter:
- 交办件数 `assigned`: every such assignment.
- 已答复 `replied`: those whose reply of the current round is sent. After the office orders
  re-handling the item waits for a new reply, so it stops counting as replied until that is sent.
- 立案 `filed` and 办结 `closed`, 办结率 = closed / filed (SPEC 6). A bureau's filed items are those
  assigned to it, so in its row `filed` equals `assigned` and `closed` counts those whose proposal
  is closed (办结, whatever the close reason). In the totals both count **items**, each once: every
  proposal of the filter that was filed (立案, or merged into another: it has a filing time),
  whatever its state now (in handling, replied, closed) and whether or not it is assigned yet; with
  a bureau filter, the items assigned to that bureau. So a split item counts once, and an item still
  waiting for its bureaus counts in the denominator: the totals' 办结率 is not pooled from the rows.
- 逾期 `overdue`: those with a running reply clock (reply or re-handling) whose due date has passed
  at the moment asked (a due date ends at 24:00 Asia/Shanghai; other clocks do not count).

Counts over the replies sent (`Reply.kind == answer`, state `sent`; follow-up replies to B items are
not counted), every round counting: a re-handled item has its first, unsatisfied reply and the new one.
- `sent`: those replies, the denominator of the next three rates.
- 按期 `on_time`: sent on or before their due date, the due date of the reply clock that sending
  stopped (with any extension the office granted; for a re-handling round, its own clock).
- 沟通 `contacted`: the bureau had recorded a contact with the proposer before it sent the reply
  (the contact's record, not the date written on it, is before the sending).
- `feedback`: the replies whose deciding rating (the lead proposer's) came in; "no feedback"
  closures are not feedback received. 满意 `satisfied` and 基本满意 `basically_satisfied` are
  shown apart and as their sum `content` (满意及基本满意): 满意率 = (satisfied + basically
  satisfied) / feedback, SPEC 6's satisfaction, with the share of each beside it.
- average days `days_total / days_count`: calendar days from the assignment's date to the sending
  date (Asia/Shanghai), over first-round replies only; a re-handling round starts from the office's
  order, not from the assignment.

Share of A, B and C (解决类别): over each assignment's latest sent reply, with the category as the
office last corrected it; each code's share of the replies counted.

Co-handling (`CoCounts`), over co assignments (not withdrawn) of proposals matching the filter:
协办件数 `assigned`; 已提交意见 `given`, the opinions submitted to the lead bureau (after the
co bureau's leader signed them off, where that applies); 按期 `on_time`, given on or before the due
date of the co-opinion clock that submitting stopped; 按期提交率 = on_time / given.

Rates are percentages rounded half up to one decimal. With no denominator a rate is None, shown
as "—": nothing to measure is neither 0% nor an error.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

NO_VALUE = "—"
_ONE_DECIMAL = Decimal("0.1")


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage rounded half up to one decimal; None without a
    denominator."""
    if numerator < 0 or denominator < 0 or numerator > denominator:
        raise ValueError(f"not a share: {numerator} / {denominator}")
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def average(total: float, count: int) -> Decimal | None:
    """A mean rounded half up to one decimal; None when nothing was counted."""
    if count == 0:
        return None
    return (Decimal(str(total)) / Decimal(count)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def show_percent(value: Decimal | None) -> str:
    return NO_VALUE if value is None else f"{value}%"


def show_number(value: Decimal | None) -> str:
    return NO_VALUE if value is None else str(value)


@dataclass(frozen=True)
class Counts:
    """The counts of one bureau, or of all of them; see the module docstring for each."""

    assigned: int = 0
    replied: int = 0
    filed: int = 0
    closed: int = 0
    overdue: int = 0
    sent: int = 0
    on_time: int = 0
    contacted: int = 0
    feedback: int = 0
    satisfied: int = 0  # 满意
    basically_satisfied: int = 0  # 基本满意
    days_total: float = 0
    days_count: int = 0
    categories: Mapping[str, int] = field(default_factory=dict)  # resolution code -> latest replies

    def __add__(self, other: Counts) -> Counts:
        summed = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self) if f.name != "categories"}
        categories = dict(self.categories)
        for code, n in other.categories.items():
            categories[code] = categories.get(code, 0) + n
        return Counts(**summed, categories=categories)

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.closed, self.filed)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.on_time, self.sent)

    @property
    def contact_rate(self) -> Decimal | None:
        return percent(self.contacted, self.sent)

    @property
    def content(self) -> int:
        """满意及基本满意: satisfied and basically satisfied together."""
        return self.satisfied + self.basically_satisfied

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """满意率 of SPEC 6: satisfied or basically satisfied, of the feedback received."""
        return percent(self.content, self.feedback)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return percent(self.satisfied, self.feedback)

    @property
    def basically_satisfied_rate(self) -> Decimal | None:
        return percent(self.basically_satisfied, self.feedback)

    @property
    def average_days(self) -> Decimal | None:
        return average(self.days_total, self.days_count)

    def share(self, code: str) -> Decimal | None:
        return percent(self.categories.get(code, 0), sum(self.categories.values()))


def total(rows: Iterable[Counts]) -> Counts:
    result = Counts()
    for row in rows:
        result = result + row
    return result


@dataclass(frozen=True)
class CoCounts:
    """A co bureau's co-handling, or all of them; see the module docstring."""

    assigned: int = 0
    given: int = 0
    on_time: int = 0

    def __add__(self, other: CoCounts) -> CoCounts:
        return CoCounts(self.assigned + other.assigned, self.given + other.given, self.on_time + other.on_time)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.on_time, self.given)


def co_total(rows: Iterable[CoCounts]) -> CoCounts:
    result = CoCounts()
    for row in rows:
        result = result + row
    return result
