"""Proposers rate sent replies (SPEC 3.4); a window that passes without the lead proposer's
rating closes as "no feedback" (SPEC 3.1)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import is_overdue, local_date
from workflow.domain.feedback import ASPECTS, Outcome, Rating
from workflow.domain.reply import REPLY, ReplyKind, ReplyState
from workflow.extensions import db
from workflow.models import Clock, Feedback, Reply, User
from workflow.services import clocks, events, progress, settings
from workflow.services.errors import ChangedMeanwhile, Invalid, StateConflict
from workflow.services.guard import check, commit, guarded
from workflow.services.reply_access import get_reply, reply_roles

COMMENTS_MAX = 2000


@dataclass
class FeedbackInput:
    rating: str | None
    attitude: str | None = None
    result: str | None = None
    comments: str = ""


@guarded
def rate(actor: User, reply_id: int, data: FeedbackInput, now: datetime) -> Feedback:
    reply = get_reply(actor, reply_id)
    check(REPLY, "feedback", reply.state, reply_roles(actor, reply))
    if reply.kind != ReplyKind.ANSWER:
        raise StateConflict(_("Follow-up replies are not rated; rate the reply they follow."), reply.state)
    if any(f.user_id == actor.id for f in reply.feedback):
        raise StateConflict(_("You have rated this reply already."), reply.state)
    if reply.feedback_outcome == Outcome.NO_FEEDBACK:
        raise StateConflict(_("The time for feedback on this reply has passed."), reply.state)
    _validate(data)
    decides = actor.id == reply.proposal.proposer_id
    row = Feedback(
        reply_id=reply.id, user_id=actor.id, rating=data.rating, comments=(data.comments or "").strip(),
        attitude=data.attitude or None, result=data.result or None, decides=decides, created_at=now,
    )
    db.session.add(row)
    events.record("reply-rated", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
                  to_state=data.rating, note=row.comments or None)
    if decides and reply.feedback_outcome is None:
        reply.feedback_outcome = Outcome(data.rating)
        clocks.stop(now, assignment_id=reply.assignment_id, kinds=[ClockKind.FEEDBACK])
        progress.advance(reply.proposal, now)
    commit(creates_unique=True)
    return row


def close_expired(now: datetime) -> int:
    """Every feedback window past its end without the lead proposer's rating: the reply's
    outcome becomes "no feedback" and the item closes where nothing else waits. Safe to run
    twice (a stopped clock is not found again); the scheduled run comes with the deadline sweep."""
    query = select(Clock).where(
        Clock.kind == ClockKind.FEEDBACK, Clock.stopped_at.is_(None), Clock.due_date < local_date(now)
    )
    closed = 0
    for clock_id in db.session.execute(query.with_only_columns(Clock.id).order_by(Clock.id)).scalars().all():
        try:
            closed += _close_window(clock_id, now)
        except ChangedMeanwhile:
            continue  # the proposer rated at that moment, or the item moved on: the next run sees it
    return closed


@guarded
def _close_window(clock_id: int, now: datetime) -> int:
    clock = db.session.get(Clock, clock_id)
    if clock is None or clock.stopped_at is not None or not is_overdue(clock.due_date, now):
        return 0
    clock.stopped_at = now
    clock.next_remind_at = None  # a stopped clock reminds nobody (as clocks.stop does)
    reply = _awaiting_feedback(clock.assignment_id)
    if reply is not None:
        reply.feedback_outcome = Outcome.NO_FEEDBACK
        events.record("no-feedback", now, None, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
                      note=clock.due_date.isoformat())
        progress.advance(reply.proposal, now)
    db.session.commit()
    return int(reply is not None)


def _awaiting_feedback(assignment_id: int) -> Reply | None:
    query = select(Reply).where(
        Reply.assignment_id == assignment_id, Reply.kind == ReplyKind.ANSWER, Reply.state == ReplyState.SENT,
        Reply.feedback_outcome.is_(None),
    )
    return db.session.execute(query.order_by(Reply.round.desc())).scalars().first()


def _validate(data: FeedbackInput) -> None:
    errors: dict[str, str] = {}
    ratings = set(Rating)
    if data.rating not in ratings:
        errors["rating"] = _("Choose satisfied, basically satisfied or unsatisfied.")
    aspects = bool(settings.get("feedback_aspects"))
    for aspect in ASPECTS:
        value = getattr(data, aspect)
        if (aspects and value not in ratings) or (value and value not in ratings):
            errors[aspect] = _("Rate this aspect too.") if aspects else _("Choose one of the ratings.")
    if data.rating == Rating.UNSATISFIED and not (data.comments or "").strip():
        errors["comments"] = _("Say what you are not satisfied with; the office reads it.")
    if len(data.comments or "") > COMMENTS_MAX:
        errors["comments"] = _("At most %(n)d characters.", n=COMMENTS_MAX)
    if errors:
        raise Invalid(errors)
