"""Issue 12's domain tables: the public stage of each state, the clue machine, tracking codes."""
from __future__ import annotations

import random

import pytest

from workflow.domain.clues import (
    CLUE,
    CODE_ALPHABET,
    MEMBER,
    OFFICE,
    ClueState,
    PublicClueStatus,
    display_code,
    new_code,
    normalize_code,
    public_status,
)
from workflow.domain.lifecycle import ProposalState as S
from workflow.domain.machine import WrongRole, WrongState
from workflow.domain.public_progress import PUBLIC_STATES, PublicStage, stage, states_of


@pytest.mark.parametrize(("state", "signed", "expected"), [
    (S.FILED, False, PublicStage.ASSIGNED),
    (S.IN_HANDLING, False, PublicStage.ASSIGNED),
    (S.IN_HANDLING, True, PublicStage.HANDLING),
    (S.REHANDLING, False, PublicStage.HANDLING),
    (S.REPLIED, True, PublicStage.REPLIED),
    (S.CLOSED, True, PublicStage.CLOSED),
])
def test_public_stage(state, signed, expected):
    assert stage(state, signed) == expected


@pytest.mark.parametrize("state", [S.DRAFT, S.AWAITING_COSIGNERS, S.SUBMITTED, S.UNDER_REVIEW, S.NOT_FILED, S.WITHDRAWN])
def test_never_public(state):
    assert state not in PUBLIC_STATES
    with pytest.raises(ValueError):
        stage(state, False)


def test_each_stage_filter_takes_exactly_its_states():
    for state in PUBLIC_STATES:
        for signed in (False, True):
            wanted = stage(state, signed)
            for candidate in PublicStage:
                states, flag = states_of(candidate)
                selected = state in states and (state != S.IN_HANDLING or flag is None or flag == signed)
                assert selected == (candidate == wanted), (state, signed, candidate)


@pytest.mark.parametrize(("action", "state", "roles", "outcome"), [
    ("accept", ClueState.RECEIVED, {OFFICE}, ClueState.ACCEPTED),
    ("accept", ClueState.ACCEPTED, {OFFICE}, WrongState),
    ("accept", ClueState.RECEIVED, {MEMBER}, WrongRole),
    ("pass", ClueState.ACCEPTED, {OFFICE}, ClueState.PASSED),
    ("pass", ClueState.RECEIVED, {OFFICE}, WrongState),
    ("merge", ClueState.RECEIVED, {OFFICE}, ClueState.MERGED),
    ("merge", ClueState.PASSED, {OFFICE}, WrongState),
    ("decline", ClueState.PASSED, {OFFICE}, ClueState.DECLINED),
    ("decline", ClueState.TAKEN_UP, {OFFICE}, WrongState),
    ("take-up", ClueState.PASSED, {MEMBER}, ClueState.TAKEN_UP),
    ("take-up", ClueState.PASSED, {OFFICE}, WrongRole),
    ("take-up", ClueState.ACCEPTED, {MEMBER}, WrongState),
])
def test_clue_machine(action, state, roles, outcome):
    if isinstance(outcome, type) and issubclass(outcome, Exception):
        with pytest.raises(outcome):
            CLUE.check(action, state, roles)
    else:
        assert CLUE.check(action, state, roles).target == outcome


def test_codes_read_back_however_typed():
    rng = random.Random(7)
    code = new_code(rng.choice)
    assert len(code) == 10 and set(code) <= set(CODE_ALPHABET)
    assert normalize_code(display_code(code).lower()) == code
    assert normalize_code(f" {code[:5]} - {code[5:]} ") == code
    for bad in ("", "ABCDE", "ABCDE-1234O", "ABCDE-23456-7", "ABCDE\x0023456"):
        assert normalize_code(bad) is None


@pytest.mark.parametrize(("state", "number", "expected"), [
    (ClueState.RECEIVED, None, PublicClueStatus.RECEIVED),
    (ClueState.ACCEPTED, None, PublicClueStatus.RECEIVED),
    (ClueState.PASSED, None, PublicClueStatus.PASSED),
    (ClueState.TAKEN_UP, None, PublicClueStatus.WRITING),
    (ClueState.TAKEN_UP, "第3号", PublicClueStatus.TAKEN_UP),
    (ClueState.DECLINED, None, PublicClueStatus.DECLINED),
])
def test_public_status(state, number, expected):
    assert public_status(state, number) == expected
