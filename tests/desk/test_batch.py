"""Batch work: each item through its own use case; a partial refusal names the items and why, and
saves the rest or nothing, as the user chose; notifications leave only with what was saved."""
from __future__ import annotations

from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import NOW
from workflow.domain.batch import BatchMode, item_ids
from workflow.extensions import db
from workflow.models import Assignment, Event, Notification, Proposal
from workflow.services import batch
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Invalid

LEAD = "lead"
_titles = count(1)


def _filed(w, n: int) -> list[int]:
    return [w.proposal("filed", title=f"关于第{i}件事的提案").id for i in range(n)]


def _assignments(*ids) -> int:
    return db.session.execute(select(func.count(Assignment.id)).where(Assignment.proposal_id.in_(ids))).scalar_one()


def test_ten_items_to_one_bureau_in_one_step(w):
    ids = _filed(w, 10)
    outcome = batch.assign_many(w.office, ids, [BureauChoice(w.lead.id, LEAD)], NOW, None, BatchMode.SAVE_REST)
    assert outcome.done == ids and outcome.refused == [] and outcome.saved == ids
    assert _assignments(*ids) == 10
    states = set(db.session.execute(select(Proposal.state).where(Proposal.id.in_(ids))).scalars())
    assert states == {"in_handling"}
    # Each item logged on its own.
    logged = db.session.execute(select(Event.proposal_id).where(Event.action == "assign", Event.assignment_id.is_not(None)))
    assert sorted(logged.scalars()) == sorted(ids)


@pytest.mark.parametrize("mode", list(BatchMode))
def test_a_partly_refused_batch_names_the_items(w, mode):
    ids = _filed(w, 3)
    submitted = w.proposal("submitted", title="尚未立案的提案").id
    already = w.proposal("in_handling", title="已交办的提案").id
    notices_before = db.session.execute(select(func.count(Notification.id))).scalar_one()
    outcome = batch.assign_many(w.office, [ids[0], submitted, ids[1], already, ids[2]],
                                [BureauChoice(w.other.id, LEAD)], NOW, None, mode)
    assert [r.item_id for r in outcome.refused] == [submitted, already]
    assert "“交办”" in outcome.refused[0].message or "交办" in outcome.refused[0].message
    assert "主办单位只能有一个" in outcome.refused[1].message or outcome.refused[1].message
    db.session.expire_all()
    if mode == BatchMode.SAVE_REST:
        assert outcome.saved == ids and _assignments(*ids) == 3
    else:
        assert outcome.saved == [] and _assignments(*ids) == 0
        assert db.session.execute(select(func.count(Notification.id))).scalar_one() == notices_before
        states = set(db.session.execute(select(Proposal.state).where(Proposal.id.in_(ids))).scalars())
        assert states == {"filed"}


def test_a_clerk_signs_for_several_and_not_for_another_bureau(w):
    items = [w.proposal("in_handling", title=f"关于第{i}件事的提案") for i in range(3)]
    ours = [a.id for p in items for a in p.assignments if a.bureau_id == w.lead.id]
    theirs = [a.id for p in items for a in p.assignments if a.bureau_id == w.co.id]
    outcome = batch.receive_many(w.clerk, ours + theirs[:1], NOW, BatchMode.SAVE_REST)
    assert outcome.done == ours and [r.item_id for r in outcome.refused] == theirs[:1]
    db.session.expire_all()
    assert {db.session.get(Assignment, i).state for i in ours} == {"received"}
    assert db.session.get(Assignment, theirs[0]).state == "pending_receipt"
    again = batch.receive_many(w.clerk, ours, NOW, BatchMode.ALL_OR_NOTHING)
    assert again.saved == [] and len(again.refused) == 3  # signed for already


def test_flag_several_key_items_needs_the_leader(w):
    ids = _filed(w, 2)
    refused = batch.set_key_many(w.office, ids, True, "", NOW, BatchMode.SAVE_REST)
    assert len(refused.refused) == 2 and refused.done == []
    done = batch.set_key_many(w.office, ids, True, "王副市长", NOW, BatchMode.ALL_OR_NOTHING)
    assert done.saved == ids
    db.session.expire_all()
    assert all(db.session.get(Proposal, i).is_key for i in ids)


def test_nothing_chosen_is_refused(w):
    with pytest.raises(Invalid):
        batch.receive_many(w.clerk, [], NOW, BatchMode.SAVE_REST)


def test_chosen_ids_from_a_form():
    assert item_ids(["3", "1", "3", "x", "-2", "", " 7 ", "１", "99999999999"]) == [3, 1, 7]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=1, max_size=5), st.sampled_from(list(BatchMode)))
def test_any_mix_saves_exactly_what_the_mode_says(w, eligible, mode):
    """Filed items may be assigned, submitted ones may not: whatever the mix and order, the
    refused are exactly the ineligible, and what is saved is what the mode promises."""
    ids = [w.proposal("filed" if ok else "submitted", title=f"事项{next(_titles)}").id for ok in eligible]
    outcome = batch.assign_many(w.office, ids, [BureauChoice(w.lead.id, LEAD)], NOW, None, mode)
    good = [i for i, ok in zip(ids, eligible, strict=True) if ok]
    assert [r.item_id for r in outcome.refused] == [i for i in ids if i not in good]
    assert outcome.done == good
    expected = good if mode == BatchMode.SAVE_REST or all(eligible) else []
    assert outcome.saved == expected
    db.session.expire_all()
    assigned = set(db.session.execute(select(Assignment.proposal_id).where(Assignment.proposal_id.in_(ids))).scalars())
    assert assigned == set(expected)
