"""The reply (答复函) and its approval (SPEC 3.3) as a transition table.

draft ──submit──▶ cosigning (when co bureaus co-sign first) ──all confirm──▶ awaiting_approval
draft ──submit──▶ awaiting_approval ──approve──▶ approved (document number, text locked) ──send──▶ sent
awaiting_approval ──return, comments──▶ returned ──save / submit──▶ …
cosigning ──a co bureau objects, comments──▶ returned
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from workflow.domain.machine import Machine, transition


class ReplyState(StrEnum):
    DRAFT = "draft"
    RETURNED = "returned"
    COSIGNING = "cosigning"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    SENT = "sent"


class ReplyKind(StrEnum):
    ANSWER = "answer"  # the reply of a lead or separate bureau, one per round (re-handling adds rounds)
    FOLLOW_UP = "follow_up"  # 跟踪答复: a later reply to a B-category item, once it is solved


class Disclosure(StrEnum):
    PUBLIC = "public"  # 主动公开
    NOT_PUBLIC = "not_public"  # 不予公开, with a reason


class CosignState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    OBJECTED = "objected"


# Relationship roles of the actor to one reply, derived by the service.
DRAFTER = "reply_drafter"  # a clerk of the reply's bureau
SIGNER = "reply_signer"  # a leader of the reply's bureau
CO_BUREAU = "co_bureau"  # a clerk or leader of a co bureau whose co-signature is pending
OFFICE = "office"
AUTHOR = "author"  # the lead proposer
SIGNATORY = "signatory"  # a co-signer of a joint proposal who confirmed

R = ReplyState
EDITABLE = frozenset({R.DRAFT, R.RETURNED})
NUMBERED = frozenset({R.APPROVED, R.SENT})  # states that carry a document number



REPLY = Machine(
    "reply",
    [
        transition("save", EDITABLE, None, {DRAFTER}),
        # To the co bureaus for co-signature, or straight to approval: see submit_target.
        transition("submit", EDITABLE, None, {DRAFTER}),
        transition("cosign", {R.COSIGNING}, None, {CO_BUREAU}),
        transition("object", {R.COSIGNING}, R.RETURNED, {CO_BUREAU}, ("note",)),
        transition("approve", {R.AWAITING_APPROVAL}, R.APPROVED, {SIGNER}),
        transition("return", {R.AWAITING_APPROVAL}, R.RETURNED, {SIGNER}, ("note",)),
        transition("send", {R.APPROVED}, R.SENT, {DRAFTER, SIGNER}),
        transition("feedback", {R.SENT}, None, {AUTHOR, SIGNATORY}, ("rating",)),
        transition("correct-category", {R.SENT}, None, {OFFICE}, ("resolution", "note")),
    ],
)


def submit_target(co_bureaus_cosign: bool) -> ReplyState:
    return R.COSIGNING if co_bureaus_cosign else R.AWAITING_APPROVAL


def approver_fits(is_key_item: bool, principal_leader: bool) -> bool:
    """Key items are approved by the bureau's principal leader (SPEC 3.3)."""
    return principal_leader or not is_key_item


@dataclass(frozen=True)
class ReplyFields:
    """What a reply must hold before it goes to approval."""

    title: str
    salutation: str
    body_text: str
    resolution: str | None
    disclosure: str | None
    disclosure_reason: str | None
    contact_name: str | None
    contact_phone: str | None


# Office landlines (0579-82468101), mobiles, extensions: digits with the usual separators.
_PHONE = re.compile(r"^[0-9+()（） -]{7,30}$")


def incomplete(fields: ReplyFields, categories: frozenset[str]) -> list[str]:
    """The names of the fields that keep the reply from going to approval, in form order."""
    missing = []
    for name in ("title", "salutation", "body_text"):
        if not (getattr(fields, name) or "").strip():
            missing.append(name)
    if fields.resolution not in categories:
        missing.append("resolution")
    if fields.disclosure not in set(Disclosure):
        missing.append("disclosure")
    elif fields.disclosure == Disclosure.NOT_PUBLIC and not (fields.disclosure_reason or "").strip():
        missing.append("disclosure_reason")
    if not (fields.contact_name or "").strip():
        missing.append("contact_name")
    if not valid_phone(fields.contact_phone):
        missing.append("contact_phone")
    return missing


def valid_phone(phone: str | None) -> bool:
    text = (phone or "").strip()
    return bool(_PHONE.match(text)) and sum(c.isdigit() for c in text) >= 7
