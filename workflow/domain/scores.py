"""承办单位办理绩效: a bureau's score for a session from the formula the office configures. Pure.

The parts (each a share from 0 to 1, or None when the bureau had nothing to measure it by):
- 按期答复 `on_time`: replies sent by their due date / replies sent (workflow/domain/figures.py);
- 答复前沟通 `contact`: replies sent after a recorded contact with the proposer / replies sent;
- 满意度 `satisfaction`: (满意 + 基本满意) / ratings received (SPEC 6's 满意率);
- 解决类别 `category`: the latest replies' categories valued A = `value_a`, B = `value_b`,
  C = `value_c` (other codes 0), averaged over those replies.
The base is 100 × Σ weight × share / Σ weight over the parts that could be measured (a part
without a denominator neither helps nor hurts). From it two deductions are taken:
- 重新办理 `rehandling`: `rehandling_points` × the share of the bureau's answering assignments the
  office ordered re-handled;
- 逾期天数 `overdue`: `overdue_points` × min(1, overdue days per answering assignment /
  `overdue_days_full`), overdue days counting calendar days past each due date (late replies
  and replies still overdue).
The score is the base less the deductions, at least 0, rounded half up to one decimal: at most
100, never more for a worse part, never less for a better one.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

GOOD_PARTS = ("on_time", "contact", "satisfaction", "category")
_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Formula:
    on_time: float = 30
    contact: float = 20
    satisfaction: float = 30
    category: float = 20
    value_a: float = 1.0
    value_b: float = 0.6
    value_c: float = 0.2
    rehandling_points: float = 10
    overdue_points: float = 10
    overdue_days_full: float = 30

    def problems(self) -> dict[str, str]:
        """Field → what is wrong (in English words of the domain; the service translates)."""
        found = {}
        for name, value in asdict(self).items():
            if not isinstance(value, int | float) or value != value or value < 0:
                found[name] = "negative"
            elif name.startswith("value_") and value > 1:
                found[name] = "above_one"
            elif value > 1000:
                found[name] = "too_large"
        if not found and sum(getattr(self, p) for p in GOOD_PARTS) <= 0:
            found["on_time"] = "no_weight"
        if not found and self.overdue_days_full <= 0:
            found["overdue_days_full"] = "not_positive"
        return found

    @classmethod
    def from_dict(cls, values: Mapping[str, object] | None) -> Formula:
        known = {k: float(v) for k, v in (values or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Facts:
    """What the figures say of one bureau for the session."""

    assigned: int = 0  # answering assignments
    sent: int = 0
    on_time: int = 0
    contacted: int = 0
    feedback: int = 0
    content: int = 0  # 满意 + 基本满意
    categories: Mapping[str, int] = field(default_factory=dict)  # code → latest replies
    rehandled: int = 0  # answering assignments ordered re-handled
    overdue_days: float = 0


@dataclass(frozen=True)
class Part:
    name: str
    share: Decimal | None  # 0–1, None when not measured
    weight: float
    points: Decimal  # what it adds to the base (or, for a deduction, takes off)


@dataclass(frozen=True)
class Score:
    parts: tuple[Part, ...]
    base: Decimal | None
    deductions: tuple[Part, ...]
    total: Decimal | None  # None: nothing of the bureau could be measured


def _share(numerator: float, denominator: float) -> Decimal | None:
    if denominator <= 0:
        return None
    return min(Decimal(1), max(Decimal(0), Decimal(str(numerator)) / Decimal(str(denominator))))


def category_share(categories: Mapping[str, int], formula: Formula) -> Decimal | None:
    values = {"A": formula.value_a, "B": formula.value_b, "C": formula.value_c}
    replies = sum(categories.values())
    valued = sum(Decimal(str(values.get(code.upper(), 0))) * n for code, n in categories.items())
    return _share(valued, replies)


def score(facts: Facts, formula: Formula) -> Score:
    shares = {
        "on_time": _share(facts.on_time, facts.sent),
        "contact": _share(facts.contacted, facts.sent),
        "satisfaction": _share(facts.content, facts.feedback),
        "category": category_share(facts.categories, formula),
    }
    measured = [name for name in GOOD_PARTS if shares[name] is not None and getattr(formula, name) > 0]
    weight_sum = Decimal(str(sum(getattr(formula, n) for n in measured)))
    parts = []
    for name in GOOD_PARTS:
        weight = getattr(formula, name)
        points = (Decimal(100) * Decimal(str(weight)) * shares[name] / weight_sum
                  if name in measured else Decimal(0))
        parts.append(Part(name, shares[name], weight, _round(points)))
    rehandled = _share(facts.rehandled, facts.assigned)
    per_assignment = Decimal(str(facts.overdue_days)) / facts.assigned if facts.assigned else Decimal(0)
    overdue = min(Decimal(1), per_assignment / Decimal(str(formula.overdue_days_full))) if facts.assigned else None
    deductions = (
        Part("rehandling", rehandled, formula.rehandling_points,
             _round(Decimal(str(formula.rehandling_points)) * (rehandled or 0))),
        Part("overdue", overdue, formula.overdue_points,
             _round(Decimal(str(formula.overdue_points)) * (overdue or 0))),
    )
    if not measured:
        return Score(tuple(parts), None, deductions, None)
    base = sum((Decimal(100) * Decimal(str(getattr(formula, n))) * shares[n] / weight_sum for n in measured),
               Decimal(0))
    taken = Decimal(str(formula.rehandling_points)) * (rehandled or 0) + Decimal(str(formula.overdue_points)) * (
        overdue or 0)
    return Score(tuple(parts), _round(base), deductions, _round(max(Decimal(0), base - taken)))


def ranked(scores: Mapping[object, Score]) -> list[tuple[int | None, object, Score]]:
    """(rank, key, score), best first; equal totals share a rank (1, 2, 2, 4); unmeasured last, unranked."""
    measured = sorted(((k, s) for k, s in scores.items() if s.total is not None), key=lambda ks: -ks[1].total)
    result: list[tuple[int | None, object, Score]] = []
    for position, (key, item) in enumerate(measured, start=1):
        rank = result[-1][0] if result and result[-1][2].total == item.total else position
        result.append((rank, key, item))
    return result + [(None, k, s) for k, s in scores.items() if s.total is None]


def _round(value: Decimal) -> Decimal:
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
