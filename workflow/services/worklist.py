"""The work list (待办): what waits on this user now, with its due date.

Each kind of task is one query, a task source, giving the same columns (`columns`) for
everyone it waits on: the bureau, the member or the office it falls to. Their UNION ALL is
written to the work_tasks table for each proposal a transaction changes (services/work_tasks.py),
and the work lists read that table, filtered to the user (`audience`): the header's counts are
one grouped count of it; the work list page reads those counts and one ordered slice of it, then
the slice's proposals, assignments, replies and clocks in a fixed number of
statements: what a page costs follows the page and the tasks open now, not ten years of items
(tests/web/test_list_statements.py). The sources of the first half are here; those of handling,
approval and feedback in worklist_handling.py, of publication in worklist_publication.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.orm import selectinload

from workflow.domain.assignment import ACTIVE_STATES, AssignmentRole, AssignmentState
from workflow.domain.clocks import WINDOWS, ClockKind, DueMark, counts_as_overdue, due_mark
from workflow.domain.deadlines import local_date, working_days_between
from workflow.domain.lifecycle import ProposalState
from workflow.extensions import db
from workflow.models import Assignment, Clock, Cosigner, CosignerState, Proposal, Role, User, WorkTask
from workflow.services import stages
from workflow.services.aliases import alias
from workflow.services.queries import Page

S = ProposalState
A = AssignmentState
PAGE_SIZE = 50
SORTS = ("due", "number", "title")


@dataclass(frozen=True)
class WorkItem:
    task: str  # what to do, a key of TASK_LABELS in the templates
    proposal: Proposal
    assignment: Assignment | None
    due: date | None
    provisional: bool = False
    handling_due: date | None = None  # a bureau's reply or co-opinion due date, beside the task's own
    handling_provisional: bool = False  # that date is 待定
    reply_id: int | None = None  # the reply a publication task is about
    clock_kind: str | None = None  # the clock `due` is of: a window that has passed is closed, not overdue
    stage: str | None = None  # where the item or the assignment really stands (services/stages.py)
    days_left: int | None = None  # working days to `due`; negative: overdue by that many
    mark: DueMark | None = None  # red, amber or green (domain/clocks.py due_mark)

    def overdue(self, now: datetime) -> bool:
        return counts_as_overdue(self.clock_kind, self.due, now)


@dataclass(frozen=True)
class WorkFilter:
    task: str | None = None
    overdue: bool = False
    sort: str = "due"
    page: int = 1


@dataclass(frozen=True)
class TaskCount:
    total: int
    overdue: int


# --- the columns every task source gives ----------------------------------------------------------

def columns(task, proposal_id, assignment_id=None, reply_id=None, clock=None, handling=None, *,
            bureau_id=None, user_id=None, principal_only=None) -> list:
    """A task source's select list. `task` is a task key or a SQL expression giving one; `clock`
    the (due, kind, provisional) of the task's clock, `handling` the (due, provisional) of the
    bureau's reply or co-opinion clock shown beside it. Who does it: the people of `bureau_id`
    (by their roles, AUDIENCES), the member `user_id`, or the office (neither); `principal_only`
    when only the bureau's principal leader does."""
    due, kind, provisional = clock if clock is not None else (None, None, None)
    handling_due, handling_provisional = handling if handling is not None else (None, None)
    return [
        (_key(task) if isinstance(task, str) else task).label("task"),
        proposal_id.label("proposal_id"),
        _or_null(assignment_id, Integer).label("assignment_id"),
        _or_null(reply_id, Integer).label("reply_id"),
        _or_null(due, Date).label("due"),
        _or_null(kind, String).label("clock_kind"),
        _or_null(provisional, Boolean).label("provisional"),
        _or_null(handling_due, Date).label("handling_due"),
        _or_null(handling_provisional, Boolean).label("handling_provisional"),
        _or_null(bureau_id, Integer).label("bureau_id"),
        _or_null(user_id, Integer).label("user_id"),
        (false() if principal_only is None else principal_only).label("principal_only"),
    ]


def task_case(column, tasks: dict) -> object:
    """A task key chosen by a column's value (one source, several tasks)."""
    return case(*((column == value, _key(task)) for value, task in tasks.items()))


def _key(task: str):
    if not task.replace("_", "").isalnum():
        raise ValueError(f"not a task key: {task!r}")
    return literal_column(f"'{task}'", String)


def _or_null(value, type_):
    return cast(null(), type_) if value is None else value


def running(kind: ClockKind, *, assignment_id=None, proposal_id=None):
    """A running clock of one kind, outer-joined: (alias, ON clause). Per assignment, or, without
    one, the proposal's own (review, co-signature)."""
    clock = alias(Clock, f"{kind.value}_clock")
    on = [clock.kind == kind, clock.stopped_at.is_(None)]
    if assignment_id is not None:
        on.append(clock.assignment_id == assignment_id)
    else:
        on += [clock.proposal_id == proposal_id, clock.assignment_id.is_(None)]
    return clock, and_(*on)


def of(clock) -> tuple:
    return clock.due_date, clock.kind, clock.provisional


def answer_clocks(query: Select, assignment_id) -> tuple[Select, tuple]:
    """Outer-join the answering bureau's running clock: the re-handling one, else the reply one."""
    again, again_on = running(ClockKind.REHANDLING, assignment_id=assignment_id)
    first, first_on = running(ClockKind.REPLY, assignment_id=assignment_id)
    query = query.outerjoin(again, again_on).outerjoin(first, first_on)
    clock = (
        func.coalesce(again.due_date, first.due_date),
        case((again.id.is_not(None), again.kind), else_=first.kind),
        func.coalesce(again.provisional, first.provisional),
    )
    return query, clock


# --- what waits on whom ---------------------------------------------------------------------------

OFFICE_TASKS = ("start_review", "review", "assign", "decide_reassignment", "assign_again", "decide_extension",
                "decide_feedback")
# A bureau's tasks by the role that does them; a member's (finish_draft, opinion_letter, cosign,
# rate_reply) are the rows with their user_id; publish_reply falls to the office or the bureaus by
# the admin setting (worklist_publication.py).
AUDIENCES = {
    Role.CLERK: ("receive", "write_opinion", "draft_reply", "send_reply", "cosign_reply"),
    Role.APPROVER: ("receive", "approve_reply", "approve_opinion", "endorse_extension", "cosign_reply"),
}


def sources() -> list[Select]:
    """Every task source, for everyone: what services/work_tasks.py stores."""
    from workflow.services import worklist_handling as handling
    from workflow.services.worklist_publication import publication_sources

    return (_proposer_sources() + handling.proposer_sources() + _office_sources() + handling.office_sources()
            + handling.bureau_sources() + publication_sources())


def audience(user: User):
    """The stored tasks that wait on `user`, as a condition on WorkTask; None when none does."""
    from workflow.services.worklist_publication import publication_audience

    found = []
    if user.has_role(Role.PROPOSER):
        found.append(WorkTask.user_id == user.id)
    if user.has_role(Role.OFFICE):
        found.append(WorkTask.task.in_(OFFICE_TASKS))
    tasks = sorted({task for role, done in AUDIENCES.items() if user.has_role(role) for task in done})
    if user.bureau_id and tasks:
        bureau = [WorkTask.bureau_id == user.bureau_id, WorkTask.task.in_(tasks)]
        if not user.principal_leader:
            bureau.append(WorkTask.principal_only.is_(False))
        found.append(and_(*bureau))
    publication = publication_audience(user)
    if publication is not None:
        found.append(publication)
    return or_(*found) if found else None


def _proposer_sources() -> list[Select]:
    own = select(*columns(
        task_case(Proposal.state, {S.DRAFT: "finish_draft", S.NOT_FILED: "opinion_letter"}), Proposal.id,
        user_id=Proposal.proposer_id,
    )).where(
        (Proposal.state == S.DRAFT) | and_(Proposal.state == S.NOT_FILED, Proposal.opinion_letter_consent.is_(None)),
    )
    clock, on = running(ClockKind.COSIGN, proposal_id=Proposal.id)
    invited = (
        select(*columns("cosign", Proposal.id, clock=of(clock), user_id=Cosigner.user_id))
        .join(Cosigner, Cosigner.proposal_id == Proposal.id)
        .outerjoin(clock, on)
        .where(Cosigner.state == CosignerState.PENDING, Proposal.state == S.AWAITING_COSIGNERS)
    )
    return [own, invited]


def _office_sources() -> list[Select]:
    clock, on = running(ClockKind.REVIEW, proposal_id=Proposal.id)
    review = (
        select(*columns(
            task_case(Proposal.state, {S.SUBMITTED: "start_review", S.UNDER_REVIEW: "review", S.FILED: "assign"}),
            Proposal.id, clock=of(clock),
        ))
        .outerjoin(clock, on)
        # A merged item (并案) is handled with the item it joined: nothing of its own to assign.
        .where(Proposal.state.in_([S.SUBMITTED, S.UNDER_REVIEW, S.FILED]), Proposal.merged_into_id.is_(None))
    )
    answer, answer_on = running(ClockKind.REASSIGN_ANSWER, assignment_id=Assignment.id)
    requests = (
        select(*columns("decide_reassignment", Assignment.proposal_id, Assignment.id, clock=of(answer)))
        .outerjoin(answer, answer_on)
        .where(Assignment.state == A.REASSIGNMENT_REQUESTED)
    )
    return [review, requests, _to_assign_again()]


def _to_assign_again() -> Select:
    """待重新交办: an item in handling that no bureau answers any more (its lead or separate bureaus
    were withdrawn, after an approved 退办 or by the office) waits on the office until it assigns
    again, due when its reassign clock is. Read from the assignments themselves, so no path that
    leaves an item without an answering bureau can hide it."""
    answering = alias(Assignment, "answering")
    has_answer = (
        select(answering.id)
        .where(answering.proposal_id == Proposal.id, answering.role != AssignmentRole.CO,
               answering.state.in_([str(s) for s in ACTIVE_STATES]))
        .exists()
    )
    clock, on = running(ClockKind.REASSIGN, proposal_id=Proposal.id)
    return (
        select(*columns("assign_again", Proposal.id, clock=of(clock)))
        .outerjoin(clock, on)
        .where(Proposal.state.in_([S.IN_HANDLING, S.REHANDLING]), ~has_answer)
    )


# --- the list, its counts and its page ------------------------------------------------------------

LISTED = ("task", "proposal_id", "assignment_id", "reply_id", "due", "clock_kind", "provisional", "handling_due",
          "handling_provisional")


def _mine(user: User) -> Select | None:
    """The stored tasks waiting on the user, with the columns a work item reads; None when none
    can. What this transaction changed is written to the table first."""
    from workflow.services import work_tasks

    condition = audience(user)
    if condition is None:
        return None
    work_tasks.settle(db.session)
    return select(*(WorkTask.__table__.c[name] for name in LISTED)).where(condition)


def _tasks(user: User):
    mine = _mine(user)
    return None if mine is None else mine.subquery("tasks")


def _overdue(tasks, now: datetime):
    return and_(tasks.c.due < local_date(now),
                or_(tasks.c.clock_kind.is_(None), tasks.c.clock_kind.not_in([str(k) for k in WINDOWS])))


def _late(tasks, now: datetime):
    return func.coalesce(func.sum(case((_overdue(tasks, now), 1), else_=0)), 0)


def task_counts(user: User, now: datetime) -> dict[str, TaskCount]:
    """How many tasks of each kind wait on the user, and how many of them are overdue: one statement."""
    tasks = _tasks(user)
    if tasks is None:
        return {}
    query = select(tasks.c.task, func.count(), _late(tasks, now)).group_by(tasks.c.task)
    return {task: TaskCount(total, overdue) for task, total, overdue in db.session.execute(query)}


def counts(user: User, now: datetime, by_task: dict[str, TaskCount] | None = None) -> dict[str, int]:
    """The header's badges; pass `by_task` when task_counts was already read in this request."""
    by_task = task_counts(user, now) if by_task is None else by_task
    return {"total": sum(c.total for c in by_task.values()), "overdue": sum(c.overdue for c in by_task.values())}


def page(user: User, now: datetime, f: WorkFilter, size: int | None = None) -> tuple[dict[str, TaskCount], Page]:
    """The counts by kind of task and one page of the work list, filtered and sorted in the
    database: a grouped count and an ordered slice of the user's stored tasks."""
    size = size or PAGE_SIZE
    number = max(1, f.page)
    by_task = task_counts(user, now)
    total = sum(c.overdue if f.overdue else c.total for t, c in by_task.items() if f.task in (None, t))
    if total == 0 or (number - 1) * size >= total:
        return by_task, Page([], total, number, size)
    tasks = _tasks(user)
    chosen = select(tasks)
    if f.task:
        chosen = chosen.where(tasks.c.task == f.task)
    if f.overdue:
        chosen = chosen.where(_overdue(tasks, now))
    if f.sort in ("number", "title"):
        chosen = chosen.join(Proposal, Proposal.id == tasks.c.proposal_id)
    rows = db.session.execute(chosen.order_by(*_order(tasks, f.sort)).limit(size).offset((number - 1) * size)).all()
    return by_task, Page(_items(rows, now), total, number, size)


def _order(tasks, sort: str) -> tuple:
    """A sort's ORDER BY, ties broken alike everywhere; "number" and "title" need proposals joined."""
    first = {
        "number": (Proposal.number_seq.is_(None), Proposal.number_seq, Proposal.number),
        "title": (Proposal.title,),
    }.get(sort, (tasks.c.due.is_(None), tasks.c.due))
    return (*first, tasks.c.proposal_id, tasks.c.task, tasks.c.assignment_id, tasks.c.reply_id)


def items(user: User, now: datetime) -> list[WorkItem]:
    """The whole list, soonest due first (for services and tests; pages use `page`)."""
    tasks = _tasks(user)
    if tasks is None:
        return []
    return _items(db.session.execute(select(tasks).order_by(*_order(tasks, "due"))).all(), now)


def _items(rows, now: datetime) -> list[WorkItem]:
    """The tasks' rows (worklist.columns()) as work items, with their proposals, assignments and
    stages read in a fixed number of statements."""
    proposals = {}
    if rows:
        query = select(Proposal).where(Proposal.id.in_({r.proposal_id for r in rows}))
        proposals = {p.id: p for p in db.session.execute(query).scalars()}
    assignment_ids = {r.assignment_id for r in rows if r.assignment_id is not None}
    assignments = {}
    if assignment_ids:
        query = select(Assignment).where(Assignment.id.in_(assignment_ids)).options(selectinload(Assignment.bureau))
        assignments = {a.id: a for a in db.session.execute(query).scalars()}
    found = stages.of_page([proposals[r.proposal_id] for r in rows], list(assignments.values()))
    today = local_date(now)
    cal = stages.calendar_for(today, [r.due for r in rows if r.due is not None])
    result = []
    for r in rows:
        assignment = assignments.get(r.assignment_id)
        proposal = proposals[r.proposal_id]
        stage = found.assignment(assignment) if assignment is not None else found.proposal(proposal)
        left = working_days_between(today, r.due, cal) if r.due is not None else None
        result.append(WorkItem(
            r.task, proposal, assignment, r.due, bool(r.provisional), r.handling_due, bool(r.handling_provisional),
            r.reply_id, r.clock_kind,
            stage, left, due_mark(r.clock_kind, r.due, today, left),
        ))
    return result
