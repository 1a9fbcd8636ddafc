"""The office's review: filing with a number, not filing, merging, key flags (SPEC 3.1, 5)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from workflow.domain import numbering
from workflow.domain.clocks import ClockKind
from workflow.domain.lifecycle import AFTER_FILING, PROPOSAL, ProposalState
from workflow.extensions import db
from workflow.models import Category, Proposal, User
from workflow.services import access, clocks, counters, events
from workflow.services.errors import Invalid
from workflow.services.guard import check, check_version, guarded
from workflow.services.moves import move_proposal

S = ProposalState
KEY_LEADER_MAX = 64


@guarded
def start_review(actor: User, proposal_id: int, now: datetime) -> Proposal:
    proposal = _checked(actor, proposal_id, "start-review")
    move_proposal(proposal, S.UNDER_REVIEW, "start-review", actor, now)
    db.session.commit()
    return proposal


@guarded
def file(
    actor: User,
    proposal_id: int,
    now: datetime,
    category_id: int | None,
    is_key: bool = False,
    key_leader: str | None = None,
    version: int | None = None,
) -> Proposal:
    proposal = _checked(actor, proposal_id, "file", version)
    errors = {}
    category = db.session.get(Category, category_id) if category_id else None
    if category is None or not category.active or category.channel != proposal.channel:
        errors["category_id"] = _("Choose a category.")
    errors.update(_key_errors(is_key, key_leader))
    if errors:
        raise Invalid(errors)
    _number(proposal)
    proposal.category_id = category.id
    proposal.is_key, proposal.key_leader = bool(is_key), (key_leader or "").strip() or None
    proposal.filed_at = now
    move_proposal(proposal, S.FILED, "file", actor, now, note=proposal.number)
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REVIEW])
    db.session.commit()
    return proposal


@guarded
def reject(actor: User, proposal_id: int, now: datetime, reason: str, version: int | None = None) -> Proposal:
    proposal = _checked(actor, proposal_id, "reject", version)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why it is not filed; the proposer is told.")})
    proposal.not_filed_reason = reason
    move_proposal(proposal, S.NOT_FILED, "reject", actor, now, note=reason)
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REVIEW])
    db.session.commit()
    return proposal


@guarded
def merge(actor: User, proposal_id: int, now: datetime, target_id: int | None, version: int | None = None) -> Proposal:
    """并案: filed with its own number and handled together with the target, whose bureaus it
    takes on; it still gets its own reply."""
    from workflow.services.assignment import copy_assignments

    proposal = _checked(actor, proposal_id, "merge", version)
    target = db.session.get(Proposal, target_id) if target_id else None
    if (
        target is None
        or target.id == proposal.id
        or target.session_id != proposal.session_id
        or target.channel != proposal.channel
        or target.state not in AFTER_FILING
        or target.merged_into_id is not None
    ):
        raise Invalid({"target_id": _("Choose a filed proposal of the same session to merge with.")})
    _number(proposal)
    proposal.category_id, proposal.is_key, proposal.key_leader = target.category_id, target.is_key, target.key_leader
    proposal.merged_into_id, proposal.filed_at = target.id, now
    move_proposal(proposal, S.FILED, "merge", actor, now, note=target.number)
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REVIEW])
    copy_assignments(target, proposal, actor, now)
    db.session.commit()
    return proposal


@guarded
def set_key(actor: User, proposal_id: int, now: datetime, is_key: bool, key_leader: str | None) -> Proposal:
    proposal = _checked(actor, proposal_id, "set-key")
    errors = _key_errors(is_key, key_leader)
    if errors:
        raise Invalid(errors)
    changes = events.diff(
        proposal, {"is_key": bool(is_key), "key_leader": (key_leader or "").strip() or None if is_key else None}
    )
    if changes:
        events.record("set-key", now, actor, proposal_id=proposal.id, changes=changes)
        if "is_key" in changes:
            clocks.follow_key_status(proposal, now, actor)
    db.session.commit()
    return proposal


def _checked(actor: User, proposal_id: int, action: str, version: int | None = None) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, action, proposal.state, access.proposal_roles(actor, proposal))
    check_version(proposal.version, version)
    return proposal


def _key_errors(is_key: bool, key_leader: str | None) -> dict[str, str]:
    leader = (key_leader or "").strip()
    if is_key and not leader:
        return {"key_leader": _("Name the leader who supervises this key item.")}
    if len(leader) > KEY_LEADER_MAX:
        return {"key_leader": _("The name is too long.")}
    return {}


def _number(proposal: Proposal) -> None:
    fmt = proposal.session.number_format
    scope = numbering.counter_scope(proposal.session_id, proposal.channel, fmt, proposal.group_prefix)
    n = counters.next_value(scope)
    proposal.number_seq = n
    proposal.number = numbering.format_number(fmt, n, proposal.group_prefix)
