"""Every action of the transition tables, from every state, for every relationship role."""
import pytest

from workflow.domain import assignment as asg
from workflow.domain import lifecycle as lc
from workflow.domain.assignment import ASSIGNMENT, AssignmentState, CompositionError, check_composition
from workflow.domain.lifecycle import PROPOSAL, ProposalState
from workflow.domain.machine import WrongRole, WrongState

S = ProposalState
A = AssignmentState

PROPOSAL_ALLOWED = {
    ("edit", S.DRAFT, lc.AUTHOR),
    ("submit", S.DRAFT, lc.AUTHOR),
    ("confirm-cosign", S.AWAITING_COSIGNERS, lc.COSIGNER),
    ("decline-cosign", S.AWAITING_COSIGNERS, lc.COSIGNER),
    ("withdraw", S.DRAFT, lc.AUTHOR),
    ("withdraw", S.AWAITING_COSIGNERS, lc.AUTHOR),
    ("withdraw", S.SUBMITTED, lc.AUTHOR),
    ("start-review", S.SUBMITTED, lc.OFFICE),
    ("second", S.UNDER_REVIEW, lc.DEPUTY),
    ("file", S.UNDER_REVIEW, lc.OFFICE),
    ("reject", S.UNDER_REVIEW, lc.OFFICE),
    ("merge", S.UNDER_REVIEW, lc.OFFICE),
    ("consent-opinion-letter", S.NOT_FILED, lc.AUTHOR),
    *{("set-key", s, lc.OFFICE) for s in (S.FILED, S.IN_HANDLING, S.REPLIED, S.REHANDLING)},
    ("assign", S.FILED, lc.OFFICE),
    ("assign", S.IN_HANDLING, lc.OFFICE),
    ("assign", S.REHANDLING, lc.OFFICE),
    ("remind", S.IN_HANDLING, lc.OFFICE),
    ("remind", S.REHANDLING, lc.OFFICE),
    ("order-rehandling", S.REPLIED, lc.OFFICE),
    ("close", S.REPLIED, lc.OFFICE),
    # Supervision notes: from submission on, never on a draft or a withdrawn item.
    *{("supervise", s, lc.OFFICE) for s in S if s not in (S.DRAFT, S.AWAITING_COSIGNERS, S.WITHDRAWN)},
}
PROPOSAL_ROLES = (lc.AUTHOR, lc.COSIGNER, lc.DEPUTY, lc.OFFICE)
PROPOSAL_CASES = [
    (t.action, state, role) for t in PROPOSAL.transitions for state in S for role in PROPOSAL_ROLES
]


@pytest.mark.parametrize(("action", "state", "role"), PROPOSAL_CASES)
def test_proposal_table(action, state, role):
    if (action, state, role) in PROPOSAL_ALLOWED:
        assert PROPOSAL.check(action, state, {role}).action == action
        assert action in PROPOSAL.available(state, {role})
        return
    role_fits = role in PROPOSAL[action].roles
    with pytest.raises(WrongState if role_fits else WrongRole):
        PROPOSAL.check(action, state, {role})
    assert action not in PROPOSAL.available(state, {role})


def test_proposal_targets():
    assert PROPOSAL["withdraw"].target == S.WITHDRAWN
    assert PROPOSAL["file"].target == S.FILED
    assert PROPOSAL["reject"].target == S.NOT_FILED
    assert PROPOSAL["merge"].target == S.FILED
    assert PROPOSAL["assign"].target == S.IN_HANDLING
    assert PROPOSAL["start-review"].target == S.UNDER_REVIEW


ASSIGNMENT_ALLOWED = {
    ("receive", A.PENDING_RECEIPT, asg.BUREAU_CLERK),
    ("receive", A.PENDING_RECEIPT, asg.BUREAU_APPROVER),
    ("request-reassignment", A.PENDING_RECEIPT, asg.BUREAU_CLERK),
    ("request-reassignment", A.RECEIVED, asg.BUREAU_CLERK),
    ("approve-reassignment", A.REASSIGNMENT_REQUESTED, asg.OFFICE),
    ("refuse-reassignment", A.REASSIGNMENT_REQUESTED, asg.OFFICE),
    ("withdraw", A.PENDING_RECEIPT, asg.OFFICE),
    ("withdraw", A.RECEIVED, asg.OFFICE),
    ("withdraw", A.REASSIGNMENT_REQUESTED, asg.OFFICE),
    # Handling (issue 3): the bureau works on the item once signed for, until the office reassigns.
    *{("add-contact", s, asg.ANSWERING_CLERK) for s in (A.RECEIVED, A.REASSIGNMENT_REQUESTED)},
    *{("save-draft", s, asg.ANSWERING_CLERK) for s in (A.RECEIVED, A.REASSIGNMENT_REQUESTED)},
    *{("request-extension", s, r) for s in (A.RECEIVED, A.REASSIGNMENT_REQUESTED)
      for r in (asg.ANSWERING_CLERK, asg.ANSWERING_APPROVER)},
}
ASSIGNMENT_ROLES = (
    asg.BUREAU_CLERK, asg.BUREAU_APPROVER, asg.OFFICE, asg.ANSWERING_CLERK, asg.ANSWERING_APPROVER, asg.CO_CLERK,
    asg.CO_APPROVER,
)
ASSIGNMENT_CASES = [(t.action, state, role) for t in ASSIGNMENT.transitions for state in A for role in ASSIGNMENT_ROLES]


@pytest.mark.parametrize(("action", "state", "role"), ASSIGNMENT_CASES)
def test_assignment_table(action, state, role):
    if (action, state, role) in ASSIGNMENT_ALLOWED:
        assert ASSIGNMENT.check(action, state, {role}).action == action
        assert action in ASSIGNMENT.available(state, {role})
        return
    role_fits = role in ASSIGNMENT[action].roles
    with pytest.raises(WrongState if role_fits else WrongRole):
        ASSIGNMENT.check(action, state, {role})
    assert action not in ASSIGNMENT.available(state, {role})


@pytest.mark.parametrize(
    ("roles", "bureaus", "error"),
    [
        (["lead"], [1], None),
        (["lead", "co", "co"], [1, 2, 3], None),
        (["separate", "separate", "co"], [1, 2, 3], None),
        (["separate"], [1], None),
        (["co"], [1], "no_lead"),
        ([], [], "no_lead"),
        (["lead", "lead"], [1, 2], "several_leads"),
        (["lead", "separate"], [1, 2], "lead_and_separate"),
        (["lead", "co"], [1, 1], "duplicate_bureau"),
    ],
)
def test_composition(roles, bureaus, error):
    if error is None:
        check_composition(roles, bureaus)
        return
    with pytest.raises(CompositionError) as caught:
        check_composition(roles, bureaus)
    assert caught.value.code == error
