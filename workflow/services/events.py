"""Writing the append-only event log."""
from __future__ import annotations

from datetime import datetime

from workflow.extensions import db
from workflow.models import Event, User


def record(
    action: str,
    now: datetime,
    actor: User | None,
    *,
    proposal_id: int | None = None,
    assignment_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str | None = None,
    changes: dict | None = None,
) -> Event:
    event = Event(
        action=action,
        created_at=now,
        actor_id=actor.id if actor else None,
        proposal_id=proposal_id,
        assignment_id=assignment_id,
        from_state=from_state,
        to_state=to_state,
        note=note,
        changes=changes or None,
    )
    db.session.add(event)
    return event


def diff(obj: object, values: dict) -> dict:
    """Set the attributes that change and return {name: [previous, new]} for the log."""
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [old, new]
            setattr(obj, name, new)
    return changes
