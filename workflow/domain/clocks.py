"""The statutory clocks of SPEC 4: what starts them, how long they run by default, and where a
due date stands."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from workflow.domain.deadlines import is_overdue


class ClockKind(StrEnum):
    COSIGN = "cosign"  # co-signers confirm, from submission
    REVIEW = "review"  # office reviews, from submission
    RECEIPT = "receipt"  # bureau signs for the assignment
    REASSIGN_WINDOW = "reassign_window"  # bureau may ask for reassignment until then
    REASSIGN_ANSWER = "reassign_answer"  # office answers a reassignment request
    FIRST_CONTACT = "first_contact"  # lead/separate bureau contacts the proposer
    CO_OPINION = "co_opinion"  # co bureau sends its opinion
    REPLY = "reply"  # lead/separate bureau sends the reply
    FEEDBACK = "feedback"  # the proposer rates a sent reply, from sending
    REHANDLING = "rehandling"  # a re-handled reply, from the office's order
    PUBLICATION = "publication"  # the office publishes a public reply, from sending
    # 待重新交办: the office assigns again, from the withdrawal (approved 退办, or its own) that left
    # the item without a bureau that answers it (SPEC 3.2: an open item always has someone to act).
    REASSIGN = "reassign"

    @property
    def is_window(self) -> bool:
        """A window: something *may* be done until its end (a bureau asks for reassignment), and
        nobody owes anything by then. Once it has passed it is closed, never overdue."""
        return self in WINDOWS


WINDOWS = frozenset({ClockKind.REASSIGN_WINDOW})


class DueState(StrEnum):
    OPEN = "open"  # the due date has not passed (the day itself counts: a period ends at 24:00)
    OVERDUE = "overdue"  # a task's due date has passed
    CLOSED = "closed"  # a window's end has passed: it closed, nothing is late


def due_state(kind: str | None, due: date, now: datetime) -> DueState:
    """Where a running clock's due date stands at `now`. `kind` None is a task's due date; a kind
    not in ClockKind is a task too."""
    if not is_overdue(due, now):
        return DueState.OPEN
    return DueState.CLOSED if kind in WINDOWS else DueState.OVERDUE


# A work list marks a due date amber ("due soon") this many working days ahead, or fewer.
DUE_SOON_WORKING_DAYS = 3


class DueMark(StrEnum):
    """The work lists' red/amber/green mark of a due date, always shown with its words too."""

    OVERDUE = "overdue"  # red: the due date has passed
    DUE_SOON = "due_soon"  # amber: DUE_SOON_WORKING_DAYS working days left, or fewer
    ON_TRACK = "on_track"  # green


def due_mark(kind: str | None, due: date | None, today: date, days_left: int | None,
             soon: int = DUE_SOON_WORKING_DAYS) -> DueMark | None:
    """The mark of a running clock's due date seen on `today` (Asia/Shanghai), `days_left` being
    the working days after today up to the due date. None without a due date, and for a window
    that has passed: it closed, nothing is late."""
    if due is None or days_left is None:
        return None
    if due < today:
        return None if kind in WINDOWS else DueMark.OVERDUE
    return DueMark.DUE_SOON if days_left <= soon else DueMark.ON_TRACK


def counts_as_overdue(kind: str | None, due: date | None, now: datetime) -> bool:
    """For overdue badges, counts, filters and reminders: a passed task, never a closed window."""
    return due is not None and due_state(kind, due, now) == DueState.OVERDUE


# Defaults; each is an admin setting (`period.<kind>`), written as "15wd" or "3m".
DEFAULT_PERIODS: dict[ClockKind, str] = {
    ClockKind.COSIGN: "5wd",
    ClockKind.REVIEW: "10wd",
    ClockKind.RECEIPT: "3wd",
    ClockKind.REASSIGN_WINDOW: "5wd",
    ClockKind.REASSIGN_ANSWER: "5wd",
    ClockKind.FIRST_CONTACT: "15wd",
    ClockKind.CO_OPINION: "1m",
    ClockKind.REPLY: "3m",
    ClockKind.FEEDBACK: "15wd",
    ClockKind.REHANDLING: "1m",
    ClockKind.PUBLICATION: "20wd",
    # As long as SPEC 4 gives the office to answer a reassignment request: naming the new bureaus
    # is the rest of that answer, so it gets no longer than the answer itself.
    ClockKind.REASSIGN: "5wd",
}

# The maximum total reply period an extension may reach (SPEC 4: up to 6 months in total).
MAX_REPLY_PERIOD = "6m"

LEAD_CLOCKS = (ClockKind.RECEIPT, ClockKind.REASSIGN_WINDOW, ClockKind.FIRST_CONTACT, ClockKind.REPLY)
CO_CLOCKS = (ClockKind.RECEIPT, ClockKind.REASSIGN_WINDOW, ClockKind.CO_OPINION)
# The clocks an answering bureau's reply runs against: an extension moves the running one.
ANSWER_CLOCKS = (ClockKind.REPLY, ClockKind.REHANDLING)
