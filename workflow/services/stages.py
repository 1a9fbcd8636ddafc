"""Where the rows of one page stand (domain/stage.py), read in two statements whatever the page's
length: the current-round replies and the co-opinions of its assignments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from workflow.domain.calendar import WorkCalendar
from workflow.domain.reply import ReplyKind
from workflow.domain.stage import assignment_stage
from workflow.extensions import db
from workflow.models import Assignment, CoOpinion, Proposal, Reply
from workflow.services import calendar


@dataclass(frozen=True)
class PageStages:
    replies: dict[int, str]  # assignment id -> the state of its reply of the current round
    opinions: dict[int, str]  # assignment id -> the state of its co-opinion

    def assignment(self, assignment: Assignment) -> str:
        return assignment_stage(assignment.state, assignment.role, assignment.proposal.state,
                                self.replies.get(assignment.id), self.opinions.get(assignment.id))

    @staticmethod
    def proposal(proposal: Proposal) -> str:
        return proposal.state


def of_page(proposals: list[Proposal], assignments: list[Assignment]) -> PageStages:
    """`assignments` with their proposals loaded (or among `proposals`, which the session holds)."""
    ids = [a.id for a in assignments]
    if not ids:
        return PageStages({}, {})
    rounds = {a.id: a.round for a in assignments}
    replies = {
        assignment_id: state
        for assignment_id, round_, state in db.session.execute(
            select(Reply.assignment_id, Reply.round, Reply.state)
            .where(Reply.assignment_id.in_(ids), Reply.kind == ReplyKind.ANSWER)
        )
        if round_ == rounds[assignment_id]
    }
    opinions = {
        assignment_id: state
        for assignment_id, state in db.session.execute(
            select(CoOpinion.assignment_id, CoOpinion.state).where(CoOpinion.assignment_id.in_(ids))
        )
    }
    _load_proposals(assignments, proposals)
    return PageStages(replies, opinions)


def _load_proposals(assignments: list[Assignment], known: list[Proposal]) -> None:
    """The assignments' proposals in one statement, unless the session holds them already."""
    held = {p.id for p in known}
    missing = {a.proposal_id for a in assignments} - held
    if missing:
        db.session.execute(select(Proposal).where(Proposal.id.in_(missing))).scalars().all()


def calendar_for(today: date, days: list[date]) -> WorkCalendar:
    """The work calendar between today and the page's due dates, read for that span only."""
    return calendar.span(min([today, *days]), max([today, *days]))
