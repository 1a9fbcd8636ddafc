"""Writing, submitting, co-signing, seconding and withdrawing through the services."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from workflow.extensions import db
from workflow.models import Clock, Event
from workflow.services import review, submission
from workflow.services.errors import Forbidden, Invalid, NotFound, Stale, StateConflict
from workflow.services.submission import DraftInput


@pytest.fixture
def w(ctx):
    return World()


def events(proposal_id):
    return [e.action for e in db.session.execute(select(Event).where(Event.proposal_id == proposal_id).order_by(Event.id)).scalars()]


def running_clocks(proposal_id):
    query = select(Clock).where(Clock.proposal_id == proposal_id, Clock.stopped_at.is_(None))
    return {c.kind: c for c in db.session.execute(query).scalars()}


def test_individual_submission_starts_the_review_clock(w):
    p = w.draft()
    submission.submit(w.proposer, p.id, NOW)
    assert p.state == "submitted"
    clocks = running_clocks(p.id)
    assert set(clocks) == {"review"}
    assert clocks["review"].due_date.isoformat() == "2026-03-24"  # 10 working days after 2026-03-10
    assert events(p.id) == ["create", "submit"]


def test_joint_proposal_waits_for_every_cosigner(w):
    p = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, p.id, NOW)
    assert p.state == "awaiting_cosigners"
    assert set(running_clocks(p.id)) == {"cosign"}
    submission.answer_cosign(w.proposer2, p.id, True, NOW + timedelta(hours=1))
    assert p.state == "submitted"
    assert set(running_clocks(p.id)) == {"review"}
    assert p.cosigners[0].state == "confirmed"
    assert events(p.id)[-2:] == ["confirm-cosign", "cosigners-complete"]


def test_when_every_cosigner_declines_the_draft_returns(w):
    p = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, p.id, NOW)
    submission.answer_cosign(w.proposer2, p.id, False, NOW, "不同意")
    assert p.state == "draft"
    assert p.cosigners[0].note == "不同意"
    assert running_clocks(p.id) == {}


def test_only_invited_cosigners_answer(w):
    p = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, p.id, NOW)
    with pytest.raises(NotFound):  # a stranger does not even see it
        submission.answer_cosign(w.deputy, p.id, True, NOW)
    with pytest.raises(Forbidden):
        submission.answer_cosign(w.proposer, p.id, True, NOW)
    submission.answer_cosign(w.proposer2, p.id, True, NOW)
    with pytest.raises(Forbidden):  # nobody answers twice
        submission.answer_cosign(w.proposer2, p.id, True, NOW)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "题" * 201}, "title"),
        ({"author_kind": "joint"}, "cosigners"),
        ({"author_kind": "collective"}, "collective_name"),
        ({"author_kind": "nonsense"}, "author_kind"),
    ],
)
def test_invalid_drafts_save_nothing(w, data, field):
    fields = {"title": "关于……的建议", "body": "正文", "session_id": w.session.id, **data}
    with pytest.raises(Invalid) as caught:
        submission.create_draft(w.proposer, DraftInput(**fields), NOW)
    assert field in caught.value.errors
    assert events(None) == []


def test_cosigner_must_be_a_proposer_of_the_channel(w):
    with pytest.raises(Invalid) as caught:
        w.draft(author_kind="joint", cosigner_ids=[w.clerk.id])
    assert "cosigners" in caught.value.errors
    with pytest.raises(Invalid):
        w.draft(author_kind="joint", cosigner_ids=[w.proposer.id])


def test_session_of_another_channel_is_refused(w):
    with pytest.raises(Invalid) as caught:
        submission.create_draft(w.proposer, DraftInput("标题", "正文", w.npc_session.id), NOW)
    assert "session_id" in caught.value.errors


def test_submit_needs_a_body(w):
    p = w.draft(body="")
    with pytest.raises(Invalid) as caught:
        submission.submit(w.proposer, p.id, NOW)
    assert "body" in caught.value.errors
    assert p.state == "draft"


def test_stale_edit_is_refused(w):
    p = w.draft()
    version = p.version
    submission.edit_draft(w.proposer, p.id, DraftInput("新标题", "正文", w.session.id), NOW, version)
    with pytest.raises(Stale):
        submission.edit_draft(w.proposer, p.id, DraftInput("另一个标题", "正文", w.session.id), NOW, version)
    db.session.refresh(p)
    assert p.title == "新标题"
    edit = db.session.execute(select(Event).where(Event.action == "edit")).scalar_one()
    assert edit.changes["title"] == ["关于扶持小微企业成长升级的建议", "新标题"]


def test_edit_after_submission_is_a_state_conflict(w):
    p = w.proposal("submitted")
    with pytest.raises(StateConflict) as caught:
        submission.edit_draft(w.proposer, p.id, DraftInput("x", "y", w.session.id), NOW, p.version)
    assert caught.value.state == "submitted"


def test_withdraw_stops_clocks_and_is_final(w):
    p = w.proposal("submitted")
    submission.withdraw(w.proposer, p.id, NOW, "已通过其他渠道解决")
    assert p.state == "withdrawn"
    assert running_clocks(p.id) == {}
    with pytest.raises(StateConflict):
        submission.submit(w.proposer, p.id, NOW)


def test_withdraw_is_not_allowed_under_review(w):
    p = w.proposal("under_review")
    with pytest.raises(StateConflict):
        submission.withdraw(w.proposer, p.id, NOW)


def test_npc_deputies_second_under_review(w):
    p = w.proposal("under_review", author=w.deputy)
    submission.second(w.deputy2, p.id, NOW)
    assert [s.user_id for s in p.seconders] == [w.deputy2.id]
    with pytest.raises(Forbidden):  # once only
        submission.second(w.deputy2, p.id, NOW)
    with pytest.raises(NotFound):  # CPPCC members do not see NPC suggestions
        submission.second(w.proposer, p.id, NOW)


def test_not_filed_proposer_answers_on_opinion_letter(w):
    p = w.proposal("under_review")
    review.reject(w.office, p.id, NOW, "没有具体建议内容的")
    submission.consent_opinion_letter(w.proposer, p.id, True, NOW)
    assert p.opinion_letter_consent is True
