"""Two state changes of the same item at once (issue 9 §11, third bullet): exactly one succeeds,
the other is refused as a conflict (409) and saves nothing, on SQLite and PostgreSQL alike.

Each race is forced: both threads, each with its own app context and database session, first
read the item, then wait for each other at a barrier placed after the read and before any write
(a wrapper around a function the service calls there), then go on together."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update

from tests.factories import NOW, make_user
from tests.handling_support import LATER, lead_of
from tests.public.support import credit_codes, published
from tests.security.support import sent_after_two_drafts
from tests.services.test_concurrency import _run_at_once
from workflow.extensions import db
from workflow.models import Assignment, Counter, Event, Feedback, Proposal, Publication, User
from workflow.services import assignment, feedback, publication, review, submission
from workflow.services.errors import ChangedMeanwhile, StateConflict
from workflow.services.feedback import FeedbackInput


def _meet_after(module, name: str, monkeypatch, parties: int = 2) -> None:
    """Make `module.name` wait until `parties` threads reached it, then run as before."""
    original = getattr(module, name)
    barrier = threading.Barrier(parties)

    def waiting(*args, **kwargs):
        barrier.wait(timeout=30)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)


def _race(app, calls) -> tuple[list, list[BaseException]]:
    """Run each call in its own thread at once; the results of those that succeeded, the errors."""
    results: list = []

    def work(i):
        results.append(calls[i]())

    return results, _run_at_once(app, work, len(calls))


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _refused_as_conflict(errors: list[BaseException]) -> None:
    assert len(errors) == 1, errors
    assert isinstance(errors[0], ChangedMeanwhile | StateConflict), errors
    assert errors[0].status == 409


def test_two_offices_filing_at_once_use_one_number(app, w, monkeypatch):
    proposal = w.proposal("under_review")
    office, category = w.office.id, w.category.id
    _meet_after(review, "check_version", monkeypatch)
    file = lambda: review.file(_user(office), proposal.id, NOW, category).number  # noqa: E731
    results, errors = _race(app, [file, file])

    assert results == ["第1号"]
    _refused_as_conflict(errors)
    db.session.expire_all()
    filed = db.session.get(Proposal, proposal.id)
    assert (filed.state, filed.number) == ("filed", "第1号")
    assert db.session.execute(select(Counter.value)).scalars().all() == [1]  # one number drawn, and kept
    assert db.session.execute(select(func.count()).where(Event.action == "file")).scalar_one() == 1


def test_filing_and_not_filing_at_once_do_not_both_happen(app, w, monkeypatch):
    proposal = w.proposal("under_review")
    office, category = w.office.id, w.category.id
    _meet_after(review, "check_version", monkeypatch)
    results, errors = _race(app, [
        lambda: review.file(_user(office), proposal.id, NOW, category).state,
        lambda: review.reject(_user(office), proposal.id, NOW, "没有具体建议内容").state,
    ])

    assert len(results) == 1
    _refused_as_conflict(errors)
    db.session.expire_all()
    row = db.session.get(Proposal, proposal.id)
    assert row.state == results[0]
    assert (row.state == "filed") == (row.number is not None) and (row.state == "not_filed") == bool(row.not_filed_reason)
    actions = db.session.execute(select(Event.action).where(Event.action.in_(["file", "reject"]))).scalars().all()
    assert actions == [{"filed": "file", "not_filed": "reject"}[row.state]]


def test_two_clerks_signing_for_one_assignment_sign_once(app, w, monkeypatch):
    proposal = w.proposal("in_handling")
    lead, clerk = lead_of(proposal).id, w.clerk.id
    clerk2 = make_user("clerk2", roles=("clerk",), bureau=w.lead).id
    _meet_after(assignment, "check_version", monkeypatch)
    results, errors = _race(app, [
        lambda: assignment.receive(_user(clerk), lead, NOW).received_by_id,
        lambda: assignment.receive(_user(clerk2), lead, NOW).received_by_id,
    ])

    assert len(results) == 1
    _refused_as_conflict(errors)
    db.session.expire_all()
    assert db.session.get(Assignment, lead).received_by_id == results[0]
    assert db.session.execute(select(func.count()).where(Event.action == "receive")).scalar_one() == 1


def test_the_last_two_cosigners_answering_at_once_never_leave_it_waiting(app, w, monkeypatch):
    third = make_user("proposer3", name="王五")
    joint = w.draft(w.proposer, author_kind="joint", cosigner_ids=[w.proposer2.id, third.id])
    submission.submit(w.proposer, joint.id, NOW)
    ids = (w.proposer2.id, third.id)
    _meet_after(submission, "touch", monkeypatch)
    results, errors = _race(app, [
        lambda: submission.answer_cosign(_user(ids[0]), joint.id, True, NOW).state,
        lambda: submission.answer_cosign(_user(ids[1]), joint.id, True, NOW).state,
    ])

    # Without the check, each saw the other still pending: both succeeded, the item stayed waiting.
    assert len(results) == 1
    _refused_as_conflict(errors)
    monkeypatch.undo()
    db.session.expire_all()
    late = next(i for i in ids if i not in {c.user_id for c in db.session.get(Proposal, joint.id).cosigners
                                               if c.state == "confirmed"})
    assert submission.answer_cosign(_user(late), joint.id, True, NOW).state == "submitted"


def test_two_withdrawals_of_one_publication_happen_once(app, w, monkeypatch):
    credit_codes(w)
    row = published(w)
    office = w.office.id
    _meet_after(publication, "check", monkeypatch)
    withdraw = lambda: publication.withdraw(_user(office), row.id, "误发", LATER).state  # noqa: E731
    results, errors = _race(app, [withdraw, withdraw])

    assert len(results) == 1
    _refused_as_conflict(errors)
    events = db.session.execute(select(func.count()).where(Event.action == "withdraw-publication")).scalar_one()
    assert events == 1


def test_a_publication_changed_underneath_is_refused_not_overwritten(w):
    credit_codes(w)
    row = published(w)
    withdrawn = publication.withdraw(w.office, row.id, "误发", LATER)
    assert withdrawn.version == 2
    # Another publisher's change lands after this session read the row.
    db.session.execute(update(Publication).where(Publication.id == row.id).values(version=Publication.version + 1),
                       execution_options={"synchronize_session": False})
    with pytest.raises(ChangedMeanwhile):
        publication.republish(w.office, withdrawn.reply_id, LATER)
    db.session.expire_all()
    assert db.session.get(Publication, row.id).state == "withdrawn"


def test_a_rating_that_would_close_an_item_changed_meanwhile_is_refused(w):
    """progress.advance decides on the whole item (every current reply), so it checks the
    proposal's version too: a second bureau's reply or rating landing first refuses this one."""
    reply = sent_after_two_drafts(w)
    assert reply.proposal.state == "replied"
    db.session.execute(update(Proposal).where(Proposal.id == reply.proposal_id).values(version=Proposal.version + 1),
                       execution_options={"synchronize_session": False})
    with pytest.raises(ChangedMeanwhile):
        feedback.rate(w.proposer, reply.id, FeedbackInput("satisfied", "satisfied", "satisfied"), LATER)
    db.session.expire_all()
    assert db.session.execute(select(func.count()).select_from(Feedback)).scalar_one() == 0
    assert db.session.get(Proposal, reply.proposal_id).state == "replied"


def test_through_the_api_the_second_filing_answers_409(app, api, w, monkeypatch):
    proposal = w.proposal("under_review")
    clients = [api(w.office), api(w.office)]
    _meet_after(review, "check_version", monkeypatch)
    body = {"category_id": w.category.id}
    answers: list = []

    def post(i):
        answers.append(clients[i].post(f"proposals/{proposal.id}/actions/file", json=body))

    assert _run_at_once(app, post, 2) == []
    assert sorted(a.status_code for a in answers) == [200, 409]
    refusal = next(a for a in answers if a.status_code == 409).get_json()["error"]
    assert refusal["code"] == "changed" and "at the same moment" in refusal["message"]
    assert sorted(a.get_json().get("number", "") for a in answers if a.status_code == 200) == ["第1号"]


def test_through_the_pages_the_second_filing_is_told_in_chinese(app, login, w, monkeypatch):
    proposal = w.proposal("under_review")
    clients = [login("office"), login("office")]
    _meet_after(review, "check_version", monkeypatch)
    pages: list = []

    def post(i):
        answer = clients[i].post(f"/office/proposals/{proposal.id}/file", data={"category_id": w.category.id},
                                 follow_redirects=True)
        pages.append(answer.text)

    assert _run_at_once(app, post, 2) == []
    assert sum('<div class="flash success" role="status">已立案。</div>' in page for page in pages) == 1
    assert sum('<div class="flash error" role="status">他人在同一时刻修改了此事项' in page for page in pages) == 1
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).number == "第1号"
