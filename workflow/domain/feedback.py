"""Feedback on a sent reply and what it means for the item (SPEC 3.1, 3.4).

Every proposer of the item may rate a reply (the lead proposer and, for a joint proposal, the
co-signers who confirmed); the lead proposer's rating decides, the others are reported. A reply's
outcome is that deciding rating, or "no feedback" once the feedback window passed without it.
The item closes when every current reply has a satisfied outcome (or none came); an unsatisfied
one goes to the office, who orders re-handling or closes the item with a note.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from workflow.domain.lifecycle import CloseReason


class Rating(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class Outcome(StrEnum):
    """A reply's outcome: the lead proposer's rating, or no feedback within the window."""

    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"
    NO_FEEDBACK = "no_feedback"


class Verdict(StrEnum):
    WAIT = "wait"  # some reply still waits for its feedback
    OFFICE = "office"  # an unsatisfied reply: the office decides
    CLOSE = "close"  # every reply is settled: the item closes


ASPECTS = ("attitude", "result")  # 办理态度, 办理结果, when rated per aspect


def deciding(ratings: Mapping[int, Rating | str], lead_proposer_id: int) -> Outcome | None:
    """The outcome the ratings give: the lead proposer's, whatever the co-signers said."""
    rating = ratings.get(lead_proposer_id)
    return Outcome(rating) if rating is not None else None


def verdict(outcomes: Iterable[Outcome | str | None]) -> Verdict:
    """What the outcomes of an item's current replies mean for the item."""
    outcomes = list(outcomes)
    if not outcomes:
        return Verdict.WAIT
    if any(o == Outcome.UNSATISFIED for o in outcomes):
        return Verdict.OFFICE
    if any(o is None for o in outcomes):
        return Verdict.WAIT
    return Verdict.CLOSE


def close_reason(outcomes: Iterable[Outcome | str]) -> CloseReason:
    """Why an item with verdict CLOSE closes: satisfied, or no feedback where one never came."""
    if any(o == Outcome.NO_FEEDBACK for o in outcomes):
        return CloseReason.NO_FEEDBACK
    return CloseReason.SATISFIED
