"""The statutory clocks of SPEC 4: what starts them, how long they run by default."""
from __future__ import annotations

from enum import StrEnum


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
}

# The maximum total reply period an extension may reach (SPEC 4: up to 6 months in total).
MAX_REPLY_PERIOD = "6m"

LEAD_CLOCKS = (ClockKind.RECEIPT, ClockKind.REASSIGN_WINDOW, ClockKind.FIRST_CONTACT, ClockKind.REPLY)
CO_CLOCKS = (ClockKind.RECEIPT, ClockKind.REASSIGN_WINDOW, ClockKind.CO_OPINION)
# The clocks an answering bureau's reply runs against: an extension moves the running one.
ANSWER_CLOCKS = (ClockKind.REPLY, ClockKind.REHANDLING)
