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
    # Issue 9 §3: whoever must act, or whose item changed, hears of it.
    NOT_FILED = "not_filed"  # the proposers: not filed, with the reason; they answer the opinion-letter question
    FILED = "filed"  # the proposers: filed, with its number and category
    MERGED = "merged"  # the proposers of a merged item: which item it joined
    MERGED_IN = "merged_in"  # the bureaus of the item another one joined: their reply answers both
    HANDLERS = "handlers"  # the proposers: which bureaus handle the item
    CONTACT = "contact"  # the proposers: the answering bureau signed for it; who its contact person is
    COSIGN_INVITED = "cosign_invited"  # the co-signers named in a joint item: confirm or decline
    REASSIGN_ASKED = "reassign_asked"  # the office: a bureau asks for reassignment (退办)
    REASSIGN_DECIDED = "reassign_decided"  # the bureau: the office approved or refused its request
    WITHDRAWN = "withdrawn"  # the bureau: the office withdrew the assignment
    EXTENSION_ENDORSE = "extension_endorse"  # the bureau's leaders: a clerk asks for more time
    EXTENSION_ASKED = "extension_asked"  # the office: an extension request waits for its decision
    EXTENSION_DECIDED = "extension_decided"  # the bureau: its extension request was granted or refused
    MERGED_REPLY = "merged_reply"  # the proposers of merged items: the reply of the item they joined answers them
    CLOSED = "closed"  # the proposers: the office closed the item after an unsatisfied rating, with its note


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
    Notice.NOT_FILED: NoticeRule(_PROPOSERS),
    Notice.FILED: NoticeRule(_PROPOSERS),
    Notice.MERGED: NoticeRule(_PROPOSERS),
    Notice.MERGED_IN: NoticeRule(_CLERKS, clocks=_REPLY_DUE),
    Notice.HANDLERS: NoticeRule(_PROPOSERS),
    Notice.CONTACT: NoticeRule(_PROPOSERS),
    Notice.COSIGN_INVITED: NoticeRule((Audience.PENDING_COSIGNERS,)),
    Notice.REASSIGN_ASKED: NoticeRule((Audience.OFFICE,), clocks=(ClockKind.REASSIGN_ANSWER,)),
    Notice.REASSIGN_DECIDED: NoticeRule(_CLERKS),
    Notice.WITHDRAWN: NoticeRule(_CLERKS),
    Notice.EXTENSION_ENDORSE: NoticeRule((Audience.APPROVERS,), clocks=_REPLY_DUE),
    Notice.EXTENSION_ASKED: NoticeRule((Audience.OFFICE,), clocks=_REPLY_DUE),
    Notice.EXTENSION_DECIDED: NoticeRule(_CLERKS, clocks=_REPLY_DUE),
    Notice.MERGED_REPLY: NoticeRule((Audience.MERGED_PROPOSERS,)),
    Notice.CLOSED: NoticeRule(_PROPOSERS),
}


@dataclass(frozen=True)
class Nobody:
    """An event that changes nobody's work, or whose people learn of it another way: why."""

    because: str


# Every event the services record (the `action` of the event log) and who hears of it: the notices
# it sends (each reaching the audiences of its rule above), or nobody, and why. A test enumerates the
# events the services record and fails on one missing here (tests/domain/test_notice_table.py).
_ADMIN = Nobody("administration: it changes no item and nobody's work on one")
_PUBLIC = Nobody("the public portal: it changes nobody's work on the item")
_CLOSED = Nobody("the item is closed: nobody owes anything on it any more; the proposer rated it or let the window pass")
_INSIDE = Nobody("a step inside the bureau, by the people who then act on it; the next one who must act is told by its own event")
EVENT_NOTICES: dict[str, tuple[Notice, ...] | Nobody] = {
    # The proposal (SPEC 3.1)
    "create": Nobody("a draft is its author's alone"),
    "edit": Nobody("a draft is its author's alone"),
    "submit": (Notice.COSIGN_INVITED,),  # a joint item's co-signers; any other item goes to the office's list
    "confirm-cosign": Nobody("the author sees each answer on the item; the co-signature clock reminds who is late"),
    "decline-cosign": Nobody("the author sees each answer on the item; the co-signature clock reminds who is late"),
    "cosigners-complete": Nobody("the item reaches the office's work list, whose review clock reminds it"),
    "returned-to-draft": Nobody("the author, who acts next, declined or withdrew it themselves"),
    "withdraw": (Notice.WITHDRAWN,),  # an assignment the office withdrew: its bureau; an item its author withdrew: nobody
    "start-review": Nobody("the office's own step; the proposer follows the state on the item"),
    "second": Nobody("seconding changes nobody's work"),
    "file": (Notice.FILED,),
    "reject": (Notice.NOT_FILED,),
    "merge": (Notice.MERGED, Notice.MERGED_IN),
    "consent-opinion-letter": Nobody("the proposer's answer ends the item's work; the office reads it on the item"),
    "set-key": Nobody("the reply clocks follow the key status and their reminders carry the new due date"),
    "supervise": (Notice.SUPERVISED,),
    "remind": Nobody("the office's 催办 is itself the message: it writes its own rows to the bureaus"),
    "reminder": Nobody("a reminder is itself the message"),
    "recompute-due": (Notice.DUE_CHANGED,),
    "close-with-target": _CLOSED,
    # The assignment (SPEC 3.2)
    "assign": (Notice.ASSIGNED, Notice.HANDLERS),
    "receive": (Notice.CONTACT,),  # an answering bureau's; a co bureau is not the proposer's contact
    "request-reassignment": (Notice.REASSIGN_ASKED,),
    "approve-reassignment": (Notice.REASSIGN_DECIDED,),  # new bureaus named in the step are told by "assign"
    "refuse-reassignment": (Notice.REASSIGN_DECIDED,),
    # Handling, the reply and its approval (SPEC 3.3)
    "add-contact": Nobody("the proposer took part in the contact; nobody else's work changes"),
    "reply-save": _INSIDE,
    "reply-submit": (Notice.COSIGN, Notice.APPROVAL),  # co-signature first where the setting asks for it
    "reply-cosign": _INSIDE,
    "reply-cosigned": (Notice.APPROVAL,),
    "reply-object": (Notice.RETURNED,),
    "reply-return": (Notice.RETURNED,),
    "reply-approve": Nobody("the clerks send it: it is on their work list as an approved reply to send"),
    "reply-send": (Notice.SENT, Notice.FOLLOW_UP, Notice.MERGED_REPLY),
    "proceed-without-opinions": _INSIDE,
    "opinion-submit": Nobody("the lead bureau reads the opinion beside its draft; a leader who signs it off has it on the work list"),
    "opinion-approve": Nobody("the lead bureau reads the opinion beside its draft"),
    "opinion-return": _INSIDE,
    "request-extension": (Notice.EXTENSION_ENDORSE, Notice.EXTENSION_ASKED),  # the leader first, where it must endorse
    "endorse-extension": (Notice.EXTENSION_ASKED,),
    "decline-extension": (Notice.EXTENSION_DECIDED,),
    "grant-extension": (Notice.EXTENSION_DECIDED,),
    "refuse-extension": (Notice.EXTENSION_DECIDED,),
    # Feedback, re-handling, closing (SPEC 3.4)
    "replied": Nobody("the proposers are told by each reply's own notice (sent)"),
    "reply-rated": Nobody("an unsatisfied rating puts the item on the office's work list; any other closes it"),
    "order-rehandling": Nobody("each bureau to answer again is told by its own event (rehandle)"),
    "rehandle": (Notice.REHANDLING,),
    "close": (Notice.CLOSED,),  # after an unsatisfied rating, with the office's note
    "closed-satisfied": _CLOSED,
    "closed-no-feedback": _CLOSED,
    "no-feedback": _CLOSED,
    "correct-category": Nobody("a correction for the figures; nobody's work changes"),
    # Publication (SPEC 3.5)
    "publish": _PUBLIC,
    "republish": _PUBLIC,
    "withdraw-publication": _PUBLIC,
    "mark": _PUBLIC,
    "import": Nobody("the office imports the items itself (from Excel); they wait on its own work list"),
    # Citizens' clues and the topic list (issue 12): the public's input before any item exists.
    "clue-send": Nobody("a clue from the public lands on the office's clue list, which it reads there"),
    "clue-accept": Nobody("the office's own step on its clue list"),
    "clue-pass": Nobody("the member it is passed to finds it on their clue page; no item exists yet"),
    "clue-decline": Nobody("the citizen who sent it reads the answer with the clue's code; no item exists"),
    "clue-take-up": Nobody("the member takes it up themselves and writes the item"),
    "clue-merge": Nobody("the office's own step on its clue list: the clue joins another"),
    "scores-formula": _ADMIN,
    # Administration
    "bureau-create": _ADMIN,
    "bureau-update": _ADMIN,
    "session-create": _ADMIN,
    "session-update": _ADMIN,
    "settings-update": _ADMIN,
    "precheck-settings": _ADMIN,
    "user-create": _ADMIN,
    "user-update": _ADMIN,
    "user-activate": _ADMIN,
    "user-deactivate": _ADMIN,
    "user-password-reset": _ADMIN,
    **{f"{kind}-{step}": _ADMIN for kind in ("category", "reason")
       for step in ("create", "update", "move", "activate", "deactivate")},
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
