"""Clues from citizens (提案线索, issue 12): their states, what the office and members may do, the
tracking code, and what the public status page says.

```
received ──accept──▶ accepted ──pass (topic, member)──▶ passed ──take-up (a member's draft)──▶ taken_up
received / accepted ──merge (into another clue)──▶ merged
received / accepted / passed ──decline (reason)──▶ declined
```
"""
from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from workflow.domain.machine import Machine, transition


class ClueState(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    PASSED = "passed"
    TAKEN_UP = "taken_up"
    MERGED = "merged"
    DECLINED = "declined"


class PublicClueStatus(StrEnum):
    """What the sender reads on the status page."""

    RECEIVED = "received"  # received, being screened
    PASSED = "passed"  # passed to members
    WRITING = "writing"  # a member is writing a proposal from it
    TAKEN_UP = "taken_up"  # taken up in proposal 第N号
    DECLINED = "declined"  # not taken up, with the reason


OFFICE = "office"
MEMBER = "member"  # the member the clue was passed to

C = ClueState
CLUE = Machine(
    "clue",
    [
        transition("accept", {C.RECEIVED}, C.ACCEPTED, {OFFICE}),
        transition("pass", {C.ACCEPTED, C.PASSED}, C.PASSED, {OFFICE}, ("topic", "member")),
        transition("merge", {C.RECEIVED, C.ACCEPTED}, C.MERGED, {OFFICE}, ("target",)),
        transition("decline", {C.RECEIVED, C.ACCEPTED, C.PASSED}, C.DECLINED, {OFFICE}, ("reason",)),
        transition("take-up", {C.PASSED}, C.TAKEN_UP, {MEMBER}),
    ],
)

# Tracking codes: no 0/O, 1/I/L, so a code read aloud or copied by hand comes back right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
_CODE_INPUT = re.compile(r"[\s\-]")


def new_code(choice: Callable[[str], str]) -> str:
    """A tracking code; `choice` picks one character (secrets.choice in the service)."""
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """The stored form of a code as someone typed it (dashes, spaces, lower case), or None if it
    cannot be one."""
    code = _CODE_INPUT.sub("", text or "").upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def public_status(state: str, proposal_number: str | None) -> PublicClueStatus:
    """What the status page says; `proposal_number` is the number of the proposal written from the
    clue while that proposal is filed and followed (None before it is filed, or if it never is)."""
    if state in (C.RECEIVED, C.ACCEPTED):
        return PublicClueStatus.RECEIVED
    if state == C.PASSED:
        return PublicClueStatus.PASSED
    if state == C.TAKEN_UP:
        return PublicClueStatus.TAKEN_UP if proposal_number else PublicClueStatus.WRITING
    if state == C.DECLINED:
        return PublicClueStatus.DECLINED
    raise ValueError(f"a {state} clue answers with the clue it was merged into")
