"""承办单位办理绩效: each bureau's score for a session, from the figures' own definitions
(services/figures.py: the answering assignments, the replies sent, their categories) and the
formula the office configures (domain/scores.py). A fixed number of grouped queries, whatever the
number of items."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workflow.domain.clocks import ANSWER_CLOCKS
from workflow.domain.deadlines import local_date
from workflow.domain.figures import Counts
from workflow.domain.scores import Facts, Formula, Score, ranked, score
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Clock, Proposal, Reply, Session, User
from workflow.models.sql_dates import local_day
from workflow.services import access, events, settings
from workflow.services import figures as fig
from workflow.services.errors import Forbidden, Invalid, NotFound

FORMULA_KEY = "scores.formula"
PROBLEMS = {
    "negative": _l("Write a number of 0 or more."),
    "above_one": _l("Write a value from 0 to 1."),
    "too_large": _l("Write a number of at most 1000."),
    "no_weight": _l("Give at least one of the four parts a weight."),
    "not_positive": _l("Write a number of days above 0."),
}


@dataclass(frozen=True)
class BureauScore:
    rank: int | None
    bureau: Bureau
    facts: Facts
    score: Score


def formula() -> Formula:
    return Formula.from_dict(settings.get(FORMULA_KEY))


def save_formula(actor: User, values: dict[str, float], now: datetime) -> Formula:
    """The office's formula; every weight checked, the change logged."""
    if not access.sees_everything(actor):
        raise Forbidden(_("The bureau scores are for the office."))
    try:
        new = Formula.from_dict(values)
    except (TypeError, ValueError):
        raise Invalid({"on_time": _("Write a number of 0 or more.")}) from None
    problems = new.problems()
    if problems:
        raise Invalid({name: str(PROBLEMS[code]) for name, code in problems.items()})
    old = formula()
    changes = {k: [getattr(old, k), v] for k, v in asdict(new).items() if getattr(old, k) != v}
    settings.put(FORMULA_KEY, asdict(new))
    if changes:
        events.record("scores-formula", now, actor, changes=changes)
    db.session.commit()
    return new


def bureau_scores(actor: User, session_id: int, now: datetime) -> list[BureauScore]:
    """Every bureau that answers items of the session, ranked by its score."""
    if not access.sees_everything(actor):
        raise Forbidden(_("The bureau scores are for the office."))
    if db.session.get(Session, session_id) is None:
        raise NotFound(_("No such session."))
    f = fig.FigureFilter(session=session_id)
    counts: dict[int, Counts] = defaultdict(Counts)
    for query in (fig._assignment_counts(f, now), fig._reply_counts(f), fig._category_counts(f)):
        for bureau_id, found in query.items():
            counts[bureau_id] = counts[bureau_id] + found
    rehandled = _rehandled(f)
    overdue = _overdue_days(f, now)
    current = formula()
    facts = {
        bureau_id: Facts(
            assigned=c.assigned, sent=c.sent, on_time=c.on_time, contacted=c.contacted, feedback=c.feedback,
            content=c.satisfied + c.basically_satisfied, categories=dict(c.categories),
            rehandled=rehandled.get(bureau_id, 0), overdue_days=overdue.get(bureau_id, 0),
        )
        for bureau_id, c in counts.items()
    }
    bureaus = {b.id: b for b in fig._bureaus(sorted(facts))}
    results = {bureau_id: score(found, current) for bureau_id, found in facts.items()}
    return [BureauScore(rank, bureaus[bureau_id], facts[bureau_id], result)
            for rank, bureau_id, result in ranked(results)]


def _rehandled(f: fig.FigureFilter) -> dict[int, int]:
    """Answering assignments the office ordered re-handled (their round is past the first)."""
    query = (
        select(Assignment.bureau_id, func.count(Assignment.id))
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(fig._answering(f), Assignment.round > 1)
        .group_by(Assignment.bureau_id)
    )
    return {bureau_id: n for bureau_id, n in db.session.execute(query)}


def _overdue_days(f: fig.FigureFilter, now: datetime) -> dict[int, float]:
    """Calendar days past the due date: of each reply sent late (the due date of the reply clock
    that sending stopped, as figures count 按期), and of each reply still overdue now. Two
    statements; only the late ones come back as rows."""
    due = (
        select(func.min(Clock.due_date))
        .where(Clock.assignment_id == Reply.assignment_id, Clock.kind.in_([str(k) for k in ANSWER_CLOCKS]),
               Clock.stopped_at == Reply.sent_at)
        .scalar_subquery()
    )
    late = (
        select(Assignment.bureau_id, local_day(Reply.sent_at), due)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(fig._answering(f), *fig._sent_answer(Reply), local_day(Reply.sent_at) > due)
    )
    today = local_date(now)
    still = (
        select(Assignment.bureau_id, Clock.due_date)
        .join(Assignment, Assignment.id == Clock.assignment_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(fig._answering(f), Clock.kind.in_([str(k) for k in ANSWER_CLOCKS]), Clock.stopped_at.is_(None),
               Clock.due_date < today)
    )
    days: dict[int, float] = defaultdict(float)
    for bureau_id, sent_day, due_day in db.session.execute(late):
        days[bureau_id] += (_day(sent_day) - _day(due_day)).days
    for bureau_id, due_day in db.session.execute(still):
        days[bureau_id] += (today - _day(due_day)).days
    return dict(days)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
