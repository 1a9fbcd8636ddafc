"""Issue 3's transition tables: every action of the reply, co-opinion and extension machines,
from every state, for every relationship role."""
import pytest

from workflow.domain import assignment as asg
from workflow.domain import reply as rp
from workflow.domain.extension import EXTENSION, ExtensionState, first_state
from workflow.domain.machine import WrongRole, WrongState
from workflow.domain.opinion import OPINION, OpinionState, submit_target
from workflow.domain.reply import REPLY, ReplyState

R = ReplyState
OS = OpinionState
E = ExtensionState

REPLY_ALLOWED = {
    ("save", R.DRAFT, rp.DRAFTER), ("save", R.RETURNED, rp.DRAFTER),
    ("submit", R.DRAFT, rp.DRAFTER), ("submit", R.RETURNED, rp.DRAFTER),
    ("cosign", R.COSIGNING, rp.CO_BUREAU), ("object", R.COSIGNING, rp.CO_BUREAU),
    ("approve", R.AWAITING_APPROVAL, rp.SIGNER), ("return", R.AWAITING_APPROVAL, rp.SIGNER),
    ("send", R.APPROVED, rp.DRAFTER), ("send", R.APPROVED, rp.SIGNER),
    ("feedback", R.SENT, rp.AUTHOR), ("feedback", R.SENT, rp.SIGNATORY),
    ("correct-category", R.SENT, rp.OFFICE),
}
REPLY_ROLES = (rp.DRAFTER, rp.SIGNER, rp.CO_BUREAU, rp.OFFICE, rp.AUTHOR, rp.SIGNATORY)

OPINION_ALLOWED = {
    ("save-opinion", OS.DRAFT, asg.CO_CLERK), ("save-opinion", OS.RETURNED, asg.CO_CLERK),
    ("submit-opinion", OS.DRAFT, asg.CO_CLERK), ("submit-opinion", OS.RETURNED, asg.CO_CLERK),
    ("approve-opinion", OS.AWAITING_APPROVAL, asg.CO_APPROVER),
    ("return-opinion", OS.AWAITING_APPROVAL, asg.CO_APPROVER),
}
EXTENSION_ALLOWED = {
    ("endorse", E.AWAITING_LEADER, asg.ANSWERING_APPROVER), ("decline", E.AWAITING_LEADER, asg.ANSWERING_APPROVER),
    ("grant", E.AWAITING_OFFICE, asg.OFFICE), ("refuse", E.AWAITING_OFFICE, asg.OFFICE),
}
BUREAU_ROLES = (
    asg.BUREAU_CLERK, asg.BUREAU_APPROVER, asg.OFFICE, asg.ANSWERING_CLERK, asg.ANSWERING_APPROVER, asg.CO_CLERK,
    asg.CO_APPROVER,
)

CASES = (
    [(REPLY, REPLY_ALLOWED, t.action, s, r) for t in REPLY.transitions for s in R for r in REPLY_ROLES]
    + [(OPINION, OPINION_ALLOWED, t.action, s, r) for t in OPINION.transitions for s in OS for r in BUREAU_ROLES]
    + [(EXTENSION, EXTENSION_ALLOWED, t.action, s, r) for t in EXTENSION.transitions for s in E for r in BUREAU_ROLES]
)


@pytest.mark.parametrize(("machine", "allowed", "action", "state", "role"), CASES,
                         ids=[f"{c[0].name}-{c[2]}-{c[3]}-{c[4]}" for c in CASES])
def test_table(machine, allowed, action, state, role):
    if (action, state, role) in allowed:
        assert machine.check(action, state, {role}).action == action
        assert action in machine.available(state, {role})
        return
    role_fits = role in machine[action].roles
    with pytest.raises(WrongState if role_fits else WrongRole):
        machine.check(action, state, {role})
    assert action not in machine.available(state, {role})


def test_every_allowed_case_is_a_real_transition():
    for machine, allowed in ((REPLY, REPLY_ALLOWED), (OPINION, OPINION_ALLOWED), (EXTENSION, EXTENSION_ALLOWED)):
        assert {a for a, _, _ in allowed} == {t.action for t in machine.transitions}


def test_targets():
    assert REPLY["approve"].target == R.APPROVED
    assert REPLY["return"].target == R.RETURNED
    assert REPLY["object"].target == R.RETURNED
    assert REPLY["send"].target == R.SENT
    assert REPLY["submit"].target is None  # derived: co-signature first or straight to approval
    assert rp.submit_target(True) == R.COSIGNING and rp.submit_target(False) == R.AWAITING_APPROVAL
    assert submit_target(True) == OS.AWAITING_APPROVAL and submit_target(False) == OS.SUBMITTED
    assert EXTENSION["grant"].target == E.GRANTED and EXTENSION["endorse"].target == E.AWAITING_OFFICE


def test_a_leader_asks_the_office_directly_a_clerk_through_the_leader():
    assert first_state({asg.ANSWERING_APPROVER}) == E.AWAITING_OFFICE
    assert first_state({asg.ANSWERING_CLERK, asg.BUREAU_CLERK}) == E.AWAITING_LEADER
    with pytest.raises(ValueError):
        first_state({asg.CO_CLERK})


@pytest.mark.parametrize(("key_item", "principal", "fits"), [
    (False, False, True), (False, True, True), (True, True, True), (True, False, False),
])
def test_key_items_are_approved_by_the_principal_leader(key_item, principal, fits):
    assert rp.approver_fits(key_item, principal) is fits


COMPLETE = rp.ReplyFields("关于…的函", "何明代表：", "正文", "A", "public", None, "邵军", "0579-82468101")


@pytest.mark.parametrize(("changes", "missing"), [
    ({}, []),
    ({"title": " "}, ["title"]),
    ({"salutation": ""}, ["salutation"]),
    ({"body_text": "\n"}, ["body_text"]),
    ({"resolution": None}, ["resolution"]),
    ({"resolution": "D"}, ["resolution"]),
    ({"disclosure": None}, ["disclosure"]),
    ({"disclosure": "secret"}, ["disclosure"]),
    ({"disclosure": "not_public"}, ["disclosure_reason"]),
    ({"disclosure": "not_public", "disclosure_reason": "涉及个人隐私"}, []),
    ({"contact_name": None, "contact_phone": "12"}, ["contact_name", "contact_phone"]),
    ({"contact_phone": "138 0000 0000"}, []),
    ({"contact_phone": "call me"}, ["contact_phone"]),
])
def test_what_a_reply_needs_before_approval(changes, missing):
    from dataclasses import replace

    assert rp.incomplete(replace(COMPLETE, **changes), frozenset({"A", "B", "C"})) == missing
