"""Event notices: telling people at once that work now waits for them (SPEC 3.2-3.4).

A reminder follows a clock; a notice follows a state change: a bureau assigned, a reply waiting
for the co bureaus' co-signature or for approval, or returned for revision, a reply sent to the
proposers, re-handling ordered. Each notice is keyed by the event that caused it, so one event
reaches each recipient once. The office's supervision note (督办意见) reaches the clerks of the
bureau it is addressed to. When an imported or corrected calendar moves a running clock's due
date, the clerks and leaders of the clock's bureau are told the new date.

Pure: the service resolves audiences to user ids and passes them in.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from workflow.domain.clocks import ClockKind
from workflow.domain.reminders import Audience, Reason
from workflow.domain.reply import approver_fits


class Notice(StrEnum):
    ASSIGNED = "assigned"  # a bureau was assigned an item (lead, co-handling or separate)
    COSIGN = "cosign"  # a reply waits for the co bureaus' co-signature (会签), before approval
    APPROVAL = "approval"  # a reply waits for approval
    RETURNED = "returned"  # a reply came back for revision (the approver's return, a co bureau's objection)
    SENT = "sent"  # a reply reached the proposers, who read and rate it
    FOLLOW_UP = "follow_up"  # a follow-up reply reached the proposers (not rated)
    REHANDLING = "rehandling"  # the office ordered re-handling after an unsatisfied rating
    SUPERVISED = "supervised"  # the office wrote a supervision note (督办意见) to the bureau
    DUE_CHANGED = "due_changed"  # a calendar import moved the due date of one of the bureau's clocks


@dataclass(frozen=True)
class NoticeRule:
    audiences: tuple[Audience, ...]  # everyone in these is told
    fallback: tuple[Audience, ...] = ()  # told instead when the audiences name nobody
    clocks: tuple[ClockKind, ...] = ()  # the notice shows the due date of the first of these running


_CLERKS = (Audience.CLERKS,)
_PROPOSERS = (Audience.PROPOSER, Audience.COSIGNERS)
_REPLY_DUE = (ClockKind.REHANDLING, ClockKind.REPLY)  # a re-handled reply runs against its own clock

# Who learns of each event. To add a notice, add a line (and its wording in mail/notices.py).
RULES: dict[Notice, NoticeRule] = {
    Notice.ASSIGNED: NoticeRule(_CLERKS, clocks=(ClockKind.RECEIPT,)),
    Notice.COSIGN: NoticeRule((Audience.CO_SIGNING,), clocks=_REPLY_DUE),
    Notice.APPROVAL: NoticeRule((Audience.SIGNERS,), clocks=_REPLY_DUE),
    Notice.RETURNED: NoticeRule((Audience.DRAFTERS,), _CLERKS, clocks=_REPLY_DUE),
    Notice.SENT: NoticeRule(_PROPOSERS, clocks=(ClockKind.FEEDBACK,)),
    Notice.FOLLOW_UP: NoticeRule(_PROPOSERS),
    Notice.REHANDLING: NoticeRule(_CLERKS, clocks=(ClockKind.REHANDLING,)),
    Notice.SUPERVISED: NoticeRule(_CLERKS, clocks=_REPLY_DUE),
    # The clock is the one that moved (services/clocks.py passes it); its bureau's clerks and leaders.
    Notice.DUE_CHANGED: NoticeRule((Audience.CLERKS, Audience.APPROVERS)),
}


def recipients(notice: Notice, members: Callable[[Audience], Iterable[int]], actor_id: int | None) -> list[int]:
    """The user ids a notice reaches: its audiences, or else its fallback; never the actor, who
    knows already."""
    rule = RULES[notice]
    chosen = _union(rule.audiences, members) - {actor_id}
    if not chosen:
        chosen = _union(rule.fallback, members) - {actor_id}
    return sorted(chosen)


def signers(approvers: Iterable[tuple[int, bool]], is_key_item: bool) -> set[int]:
    """Of a bureau's approvers, as (id, principal leader), those who may approve the reply."""
    return {user_id for user_id, principal in approvers if approver_fits(is_key_item, principal)}


def drafters(authors: Iterable[int], clerks: Iterable[int]) -> set[int]:
    """Who drafted a reply and is still a clerk of its bureau."""
    return set(authors) & set(clerks)


@dataclass(frozen=True)
class NoticeKey:
    notice: Notice
    event_id: int
    reply_id: int | None = None  # the reply the notice links to, if any

    def __str__(self) -> str:
        """The row's threshold: "event:approval:17:3", "event:assigned:12" (at most 40 characters)."""
        parts = [Reason.EVENT, self.notice, str(self.event_id)]
        if self.reply_id is not None:
            parts.append(str(self.reply_id))
        return ":".join(parts)


def parse_notice_key(threshold: str) -> NoticeKey | None:
    """The notice a row's threshold names; None for a reminder's threshold."""
    reason, _, rest = threshold.partition(":")
    if reason != Reason.EVENT:
        return None
    notice, event_id, *reply = rest.split(":")
    return NoticeKey(Notice(notice), int(event_id), int(reply[0]) if reply else None)


def _union(audiences: tuple[Audience, ...], members: Callable[[Audience], Iterable[int]]) -> set[int]:
    found: set[int] = set()
    for audience in audiences:
        found.update(members(audience))
    return found
