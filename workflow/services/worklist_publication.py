"""The work-list task of publication (SPEC 3.5, 4): each sent public reply not yet published waits
on whoever publishes by the admin setting, due when its assignment's publication clock is."""
from __future__ import annotations

from sqlalchemy import Select, and_, case, select

from workflow.domain.assignment import AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.publication import Publisher
from workflow.models import Assignment, Clock, Reply, Role, User, WorkTask
from workflow.services import publication_queries, publication_settings
from workflow.services.aliases import alias
from workflow.services.worklist import columns, of

TASK = "publish_reply"


def publication_sources() -> list[Select]:
    # The assignment's publication clock runs exactly while one of its sent public replies waits
    # (services/publication.py starts it on sending, stops it when none waits): the query starts
    # from the running clocks, not from every reply sent in ten years. The bureau publishes its
    # replies, but not those of an assignment withdrawn since.
    clock = alias(Clock, "publication_clock")
    bureau = case((Assignment.state != AssignmentState.WITHDRAWN, Reply.bureau_id))
    query = (
        select(*columns(TASK, Reply.proposal_id, Reply.assignment_id, Reply.id, clock=of(clock), bureau_id=bureau))
        .select_from(clock)
        .join(Reply, Reply.assignment_id == clock.assignment_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .where(clock.kind == ClockKind.PUBLICATION, clock.stopped_at.is_(None), *publication_queries.waiting())
    )
    return [query]


def publication_audience(user: User):
    """The publication tasks that wait on the user, as a condition on WorkTask; None when none.
    The same rule as services/publication.py roles() gives the publisher's role."""
    if publication_settings.get("publication.publisher") == Publisher.OFFICE:
        return WorkTask.task == TASK if user.has_role(Role.OFFICE) else None
    if user.bureau_id is None or not (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)):
        return None
    return and_(WorkTask.task == TASK, WorkTask.bureau_id == user.bureau_id)
