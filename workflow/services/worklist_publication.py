"""The work-list task of publication (SPEC 3.5, 4): each sent public reply not yet published waits
on whoever publishes by the admin setting, due when its assignment's publication clock is."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflow.domain.assignment import AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.publication import Publisher
from workflow.domain.reply import Disclosure, ReplyState
from workflow.extensions import db
from workflow.models import Assignment, Clock, Publication, Reply, Role, User
from workflow.services import publication_settings
from workflow.services.worklist import WorkItem

TASK = "publish_reply"


def publication_items(user: User) -> list[WorkItem]:
    scope = _publisher_scope(user)
    if scope is None:
        return []
    replies = db.session.execute(
        select(Reply).join(Assignment, Assignment.id == Reply.assignment_id).where(
            Reply.state == ReplyState.SENT, Reply.disclosure == Disclosure.PUBLIC,
            Reply.id.not_in(select(Publication.reply_id)), *scope,
        ).options(selectinload(Reply.proposal), selectinload(Reply.assignment))
    ).scalars().all()
    clocks = _publication_clocks([r.assignment_id for r in replies])
    return [_item(r, clocks.get(r.assignment_id)) for r in replies]


def _publisher_scope(user: User) -> tuple | None:
    """The replies the user publishes, as query conditions; None when none. The same rule as
    services/publication.py roles() gives the publisher's role, in SQL for the whole list."""
    if publication_settings.get("publication.publisher") == Publisher.OFFICE:
        return () if user.has_role(Role.OFFICE) else None
    if user.bureau_id is None or not (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)):
        return None
    return Reply.bureau_id == user.bureau_id, Assignment.state != AssignmentState.WITHDRAWN


def _publication_clocks(assignment_ids: list[int]) -> dict[int, Clock]:
    if not assignment_ids:
        return {}
    query = select(Clock).where(Clock.assignment_id.in_(assignment_ids), Clock.kind == ClockKind.PUBLICATION,
                                Clock.stopped_at.is_(None))
    return {c.assignment_id: c for c in db.session.execute(query).scalars()}


def _item(reply: Reply, clock: Clock | None) -> WorkItem:
    return WorkItem(TASK, reply.proposal, reply.assignment, clock.due_date if clock else None,
                    bool(clock and clock.provisional), reply_id=reply.id, clock_kind=clock.kind if clock else None)
