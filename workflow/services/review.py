"""The office's review: filing with a number, not filing, merging, key flags (SPEC 3.1, 5)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import numbering
from workflow.domain.clocks import ClockKind
from workflow.domain.lifecycle import AFTER_FILING, PROPOSAL, ProposalState
from workflow.domain.notices import Notice
from workflow.domain.numbering import parse_number_query
from workflow.domain.reply import ReplyState
from workflow.extensions import db
from workflow.models import Category, Proposal, User
from workflow.services import access, clocks, counters, events, notices, progress
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
    event = move_proposal(proposal, S.FILED, "file", actor, now, note=proposal.number)
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REVIEW])
    notices.announce_item(Notice.FILED, event, proposal.id, now, actor=actor)
    db.session.commit()
    return proposal


@guarded
def reject(actor: User, proposal_id: int, now: datetime, reason: str, version: int | None = None) -> Proposal:
    proposal = _checked(actor, proposal_id, "reject", version)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why it is not filed; the proposer is told.")})
    proposal.not_filed_reason = reason
    event = move_proposal(proposal, S.NOT_FILED, "reject", actor, now, note=reason)
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REVIEW])
    notices.announce_item(Notice.NOT_FILED, event, proposal.id, now, actor=actor, note=reason)
    db.session.commit()
    return proposal


@guarded
def merge(
    actor: User,
    proposal_id: int,
    now: datetime,
    target_id: int | None = None,
    version: int | None = None,
    target_number: str | None = None,
) -> Proposal:
    """并案: the item joins a filed one (named by id, or by its number as people write it: `7`,
    `第7号`, `第７号`, `义12号`) and is handled with it. It takes no number and no assignments of its
    own: the bureaus of its target answer the group once, and the target's reply answers it too."""
    proposal = _checked(actor, proposal_id, "merge", version)
    target = db.session.get(Proposal, target_id) if target_id else _by_number(proposal, target_number)
    if (
        target is None
        or target.id == proposal.id
        or target.session_id != proposal.session_id
        or target.channel != proposal.channel
        or target.state not in AFTER_FILING
        or target.merged_into_id is not None
    ):
        raise Invalid({"target_id": _("Choose a filed proposal of the same session to merge with.")})
    proposal.category_id, proposal.is_key, proposal.key_leader = target.category_id, target.is_key, target.key_leader
    proposal.merged_into_id, proposal.filed_at = target.id, now
    event = move_proposal(proposal, S.FILED, "merge", actor, now, note=target.number)
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REVIEW])
    notices.announce_item(Notice.MERGED, event, proposal.id, now, actor=actor)
    for answering in progress.answering(target):  # their reply now answers this item too
        notices.announce(Notice.MERGED_IN, event, answering, now, actor=actor)
    db.session.commit()
    return proposal


def _by_number(proposal: Proposal, text: str | None) -> Proposal | None:
    """The filed item of the proposal's session and channel that `text` names; Invalid when the
    bare number fits several (each delegation counts from 1)."""
    query = parse_number_query(text)
    if query is None:
        return None
    same = select(Proposal).where(Proposal.session_id == proposal.session_id, Proposal.channel == proposal.channel,
                                  Proposal.merged_into_id.is_(None), Proposal.number.is_not(None))
    exact = db.session.execute(same.where(Proposal.number == query.text)).scalar_one_or_none()
    if exact is not None:
        return exact
    found = same.where(Proposal.number_seq == query.seq)
    if query.prefix:
        found = found.where(Proposal.group_prefix == query.prefix)
    found = db.session.execute(found.limit(2)).scalars().all()
    if len(found) > 1:
        raise Invalid({"target_id": _("Several items carry this number; write it in full, e.g. %(number)s.",
                                      number=found[0].number)})
    return found[0] if found else None


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


@dataclass(frozen=True)
class MergeView:
    """What an item's page shows of a merge: the item it joined and that item's replies the user
    may read (they answer it too), or the items merged into it."""

    into: Proposal | None
    replies: list
    members: list[Proposal]


def merged_with(actor: User, proposal: Proposal) -> MergeView:
    from workflow.services.reply_access import replies_of

    if proposal.merged_into_id is not None:
        return MergeView(proposal.merged_into, [r for r in replies_of(actor, proposal.merged_into_id)
                                                if r.state == ReplyState.SENT], [])
    members = db.session.execute(
        access.visible_proposals(actor).where(Proposal.merged_into_id == proposal.id).order_by(Proposal.id)
    ).scalars().all()
    return MergeView(None, [], list(members))


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
