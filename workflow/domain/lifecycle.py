"""The proposal's lifecycle (SPEC 3.1) as a transition table."""
from __future__ import annotations

from enum import StrEnum

from workflow.domain.machine import Machine, transition


class ProposalState(StrEnum):
    DRAFT = "draft"
    AWAITING_COSIGNERS = "awaiting_cosigners"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    FILED = "filed"
    NOT_FILED = "not_filed"
    IN_HANDLING = "in_handling"
    REPLIED = "replied"
    REHANDLING = "rehandling"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class CloseReason(StrEnum):
    """Why an item closed (办结), SPEC 3.1."""

    SATISFIED = "satisfied"  # every reply rated satisfied or basically satisfied
    NO_FEEDBACK = "no_feedback"  # a feedback window passed without the proposer's rating
    OFFICE = "office"  # the office closed it after unsatisfied feedback, with a note


class Channel(StrEnum):
    CPPCC = "cppcc"
    NPC = "npc"


class AuthorKind(StrEnum):
    INDIVIDUAL = "individual"
    JOINT = "joint"  # 联名: co-signers confirm before it counts as submitted
    COLLECTIVE = "collective"  # 集体提案 / 代表团建议


# Relationship roles: what the actor is to this proposal, derived by the service.
AUTHOR = "author"
COSIGNER = "cosigner"  # a co-signer whose answer is still pending
DEPUTY = "deputy"  # any other NPC deputy, who may second (附议)
OFFICE = "office"

S = ProposalState
OPEN_BEFORE_REVIEW = frozenset({S.DRAFT, S.AWAITING_COSIGNERS, S.SUBMITTED})
AFTER_FILING = frozenset({S.FILED, S.IN_HANDLING, S.REPLIED, S.REHANDLING})
# Supervision notes (督办意见) follow an item from submission on; a draft, one waiting for its
# co-signers or a withdrawn one is still (or again) only its author's.
SUPERVISABLE = frozenset(S) - {S.DRAFT, S.AWAITING_COSIGNERS, S.WITHDRAWN}



PROPOSAL = Machine(
    "proposal",
    [
        transition("edit", {S.DRAFT}, None, {AUTHOR}, ("title", "body")),
        # Joint proposals go to awaiting_cosigners, the rest straight to submitted.
        transition("submit", {S.DRAFT}, None, {AUTHOR}),
        transition("confirm-cosign", {S.AWAITING_COSIGNERS}, None, {COSIGNER}),
        transition("decline-cosign", {S.AWAITING_COSIGNERS}, None, {COSIGNER}),
        transition("withdraw", OPEN_BEFORE_REVIEW, S.WITHDRAWN, {AUTHOR}),
        transition("start-review", {S.SUBMITTED}, S.UNDER_REVIEW, {OFFICE}),
        transition("second", {S.UNDER_REVIEW}, None, {DEPUTY}),
        transition("file", {S.UNDER_REVIEW}, S.FILED, {OFFICE}, ("category",)),
        transition("reject", {S.UNDER_REVIEW}, S.NOT_FILED, {OFFICE}, ("reason",)),
        transition("merge", {S.UNDER_REVIEW}, S.FILED, {OFFICE}, ("target",)),
        transition("consent-opinion-letter", {S.NOT_FILED}, None, {AUTHOR}),
        transition("set-key", AFTER_FILING, None, {OFFICE}),
        # From re-handling too: when the office withdrew the bureau that was to answer again, it
        # assigns another (待重新交办), and the item stays in re-handling.
        transition("assign", {S.FILED, S.IN_HANDLING, S.REHANDLING}, S.IN_HANDLING, {OFFICE}, ("bureaus",)),
        # The office's manual reminder (催办) to the bureaus handling the item (SPEC 3.6).
        transition("remind", {S.IN_HANDLING, S.REHANDLING}, None, {OFFICE}, ("note",)),
        # The office's supervision note (督办意见), optionally addressed to one assigned bureau (SPEC 3.6).
        transition("supervise", SUPERVISABLE, None, {OFFICE}, ("body",)),
        # After unsatisfied feedback (SPEC 3.4); the service checks that such feedback waits.
        transition("order-rehandling", {S.REPLIED}, S.REHANDLING, {OFFICE}),
        transition("close", {S.REPLIED}, S.CLOSED, {OFFICE}, ("note",)),
    ],
)
