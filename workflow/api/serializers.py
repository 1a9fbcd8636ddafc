"""Rows to JSON. One serializer per resource, used by GET and by every action's response, so a
client sees the same shape whichever way it reached the resource."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for

from workflow.domain.assignment import available
from workflow.domain.clocks import DueState, due_state
from workflow.models import Assignment, Bureau, Clock, Event, Proposal, Role, SupervisionNote, User
from workflow.services import access, opinions, progress, queries, reply_access, review, supervision


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "group_name": user.group_name}


def bureau(row: Bureau | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row.id, "code": row.code, "name": row.name, "short_name": row.short_name}


def me(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "roles": sorted(user.roles),
        "bureau": bureau(user.bureau),
        "channel": user.channel,
        "group_name": user.group_name,
        "locale": user.locale,
    }


def clock(row: Clock, now: datetime) -> dict[str, Any]:
    standing = due_state(row.kind, row.due_date, now) if row.running else None
    return {
        "id": row.id,
        "kind": row.kind,
        "assignment_id": row.assignment_id,
        "start_date": _iso(row.start_date),
        "period": row.period,
        "due_date": _iso(row.due_date),
        "provisional": row.provisional,
        "running": row.running,
        "stopped_at": _iso(row.stopped_at),
        "overdue": standing == DueState.OVERDUE,
        "closed": standing == DueState.CLOSED,  # a window that has passed: closed, never overdue
    }


def event(row: Event) -> dict[str, Any]:
    return {
        "id": row.id,
        "actor": person(row.actor),
        "action": row.action,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "note": row.note,
        "changes": row.changes,
        "assignment_id": row.assignment_id,
        "bureau": bureau(row.assignment.bureau) if row.assignment else None,
        "created_at": _iso(row.created_at),
    }


def proposal_summary(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.id,
        "url": url_for("api.get_proposal", proposal_id=p.id),
        "number": p.number,
        "title": p.title,
        "state": p.state,
        "channel": p.channel,
        "session": {"id": p.session.id, "name": p.session.name},
        "author_kind": p.author_kind,
        "proposer": person(p.proposer),
        "is_key": p.is_key,
        "version": p.version,
        "created_at": _iso(p.created_at),
        "updated_at": _iso(p.updated_at),
        "submitted_at": _iso(p.submitted_at),
        "filed_at": _iso(p.filed_at),
    }


def proposal_detail(p: Proposal, caller: User, now: datetime) -> dict[str, Any]:
    from workflow.api import handling_serializers  # it builds on this module's helpers

    merged = p.merged_into
    return {
        **proposal_summary(p),
        "body": p.body,
        "collective_name": p.collective_name,
        "group_name": p.group_name,
        "category": {"id": p.category.id, "name": p.category.name} if p.category else None,
        "key_leader": p.key_leader,
        "merged_into": {"id": merged.id, "number": merged.number} if merged else None,
        # 并案: the items merged into this one (answered by its reply), those the caller may see.
        "merged": [{"id": m.id, "title": m.title, "state": m.state} for m in review.merged_with(caller, p).members],
        "not_filed_reason": p.not_filed_reason,
        "opinion_letter_consent": p.opinion_letter_consent,
        "cosigners": [
            {"user": person(c.user), "state": c.state, "note": c.note, "responded_at": _iso(c.responded_at)}
            for c in p.cosigners
        ],
        "seconders": [{"user": person(s.user), "created_at": _iso(s.created_at)} for s in p.seconders],
        "assignments": [assignment_detail(a, caller, now, with_proposal=False) for a in p.assignments],
        "clocks": [clock(c, now) for c in queries.clocks(p.id)],
        "timeline": [event(e) for e in queries.timeline(p.id, internal=reply_access.sees_handling(caller, p.id))],
        # Internal: the office reads all, a bureau those addressed to it, proposers none.
        "supervision_notes": [supervision_note(n) for n in supervision.notes_for(caller, p)],
        # What the caller may do now, from the transition table (as the web page lists it).
        "actions": progress.proposal_actions(caller, p),
        **handling_serializers.proposal_handling(p, caller),
    }


def supervision_note(row: SupervisionNote) -> dict[str, Any]:
    return {
        "id": row.id,
        "body": row.body,
        "assignment_id": row.assignment_id,
        "bureau": bureau(row.assignment.bureau) if row.assignment else None,
        "created_by": person(row.created_by),
        "created_at": _iso(row.created_at),
    }


def assignment_detail(a: Assignment, caller: User, now: datetime, with_proposal: bool = True) -> dict[str, Any]:
    from workflow.api import handling_serializers

    roles = access.assignment_roles(caller, a)
    # Why a bureau asked to be relieved and what the office answered stay between them (SPEC 3.2):
    # members who follow their item read the state, not the internal reasons.
    internal = bool(roles) or caller.has_role(Role.ADMIN)
    data: dict[str, Any] = {
        "id": a.id,
        "url": url_for("api.get_assignment", assignment_id=a.id),
        "proposal_id": a.proposal_id,
        "bureau": bureau(a.bureau),
        "role": a.role,
        "state": a.state,
        "assigned_at": _iso(a.assigned_at),
        "received_at": _iso(a.received_at),
        "reassignment_reason": a.reassignment_reason if internal else None,
        "decision_note": a.decision_note if internal else None,
        "version": a.version,
        "clocks": [clock(c, now) for c in a.clocks],
        # The assignment's own actions, then those of its co-handling opinion (co bureaus).
        "actions": available(a.state, roles, a.proposal.state) + opinions.available(caller, a),
        **handling_serializers.assignment_handling(a, caller),
    }
    if with_proposal:
        p = a.proposal
        data["proposal"] = {"id": p.id, "number": p.number, "title": p.title, "state": p.state, "version": p.version}
    return data
