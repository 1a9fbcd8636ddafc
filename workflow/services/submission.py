"""Writing and submitting proposals, co-signing, seconding, withdrawal (SPEC 3.1)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain.clocks import ClockKind
from workflow.domain.lifecycle import PROPOSAL, AuthorKind, ProposalState
from workflow.domain.notices import Notice
from workflow.extensions import db
from workflow.models import Cosigner, CosignerState, Proposal, Role, Seconder, Session, User
from workflow.services import access, calendar, clocks, clues, events, notices, text_index, topics
from workflow.services.errors import Forbidden, Invalid
from workflow.services.guard import check, check_version, guarded, touch
from workflow.services.moves import move_proposal

S = ProposalState
TITLE_MAX = 200
BODY_MAX = 50_000


@dataclass
class DraftInput:
    title: str
    body: str = ""
    session_id: int | None = None
    author_kind: str = AuthorKind.INDIVIDUAL
    collective_name: str | None = None
    cosigner_ids: list[int] = field(default_factory=list)
    # Where a new draft starts from (issue 12): a topic of the office's list, a clue passed to the member.
    topic_id: int | None = None
    clue_id: int | None = None


@guarded
def create_draft(actor: User, data: DraftInput, now: datetime) -> Proposal:
    if not actor.has_role(Role.PROPOSER):
        raise Forbidden(_("Only members and deputies write proposals."))
    session = _validate(actor, data)
    clue = clues.to_take_up(actor, data.clue_id) if data.clue_id else None
    proposal = Proposal(
        channel=session.channel,
        session_id=session.id,
        proposer_id=actor.id,
        state=S.DRAFT,
        group_name=actor.group_name,
        group_prefix=actor.group_prefix,
        created_at=now,
        updated_at=now,
    )
    _apply(proposal, data)
    proposal.topic_id = topics.usable_id(session, data.topic_id)
    db.session.add(proposal)
    db.session.flush()
    events.record("create", now, actor, proposal_id=proposal.id, to_state=S.DRAFT)
    if clue is not None:
        clues.take_up(actor, clue, proposal, now)
    text_index.store_proposal(proposal)
    db.session.commit()
    return proposal


@guarded
def edit_draft(actor: User, proposal_id: int, data: DraftInput, now: datetime, version: int | None) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "edit", proposal.state, access.proposal_roles(actor, proposal))
    check_version(proposal.version, version)
    _validate(actor, data, proposal)
    changes = _apply(proposal, data)
    if changes:
        proposal.updated_at = now
        events.record("edit", now, actor, proposal_id=proposal.id, changes=changes)
    if changes.keys() & {"title", "body", "session_id"}:
        text_index.store_proposal(proposal)
    db.session.commit()
    return proposal


@guarded
def submit(actor: User, proposal_id: int, now: datetime) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "submit", proposal.state, access.proposal_roles(actor, proposal))
    errors = {}
    if not proposal.body.strip():
        errors["body"] = _("Write the proposal's text before submitting it.")
    if proposal.is_joint and not proposal.cosigners:
        errors["cosigners"] = _("A joint proposal needs at least one co-signer.")
    if errors:
        raise Invalid(errors)
    cal = calendar.load()  # read before the changes, so they reach the database in one UPDATE
    proposal.submitted_at = now
    if proposal.is_joint:
        for cosigner in proposal.cosigners:
            cosigner.state, cosigner.responded_at, cosigner.note = CosignerState.PENDING, None, None
        event = move_proposal(proposal, S.AWAITING_COSIGNERS, "submit", actor, now)
        clocks.start(ClockKind.COSIGN, proposal, now, cal)
        notices.announce_item(Notice.COSIGN_INVITED, event, proposal.id, now, actor=actor)
    else:
        move_proposal(proposal, S.SUBMITTED, "submit", actor, now)
        clocks.start(ClockKind.REVIEW, proposal, now, cal)
    db.session.commit()
    return proposal


@guarded
def answer_cosign(actor: User, proposal_id: int, confirm: bool, now: datetime, note: str | None = None) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    action = "confirm-cosign" if confirm else "decline-cosign"
    check(PROPOSAL, action, proposal.state, access.proposal_roles(actor, proposal))
    row = next(c for c in proposal.cosigners if c.user_id == actor.id)
    touch(proposal)  # the last of two co-signers answering at once must see the other's answer
    row.state = CosignerState.CONFIRMED if confirm else CosignerState.DECLINED
    row.responded_at, row.note = now, (note or None)
    events.record(action, now, actor, proposal_id=proposal.id, note=note or None)
    if all(c.state != CosignerState.PENDING for c in proposal.cosigners):
        _cosigners_complete(proposal, now)
    db.session.commit()
    return proposal


def _cosigners_complete(proposal: Proposal, now: datetime) -> None:
    """Every co-signer answered: submitted with those who confirmed, or back to the author
    when nobody did."""
    clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.COSIGN])
    if any(c.state == CosignerState.CONFIRMED for c in proposal.cosigners):
        move_proposal(proposal, S.SUBMITTED, "cosigners-complete", None, now)
        clocks.start(ClockKind.REVIEW, proposal, now, calendar.load())
    else:
        move_proposal(proposal, S.DRAFT, "returned-to-draft", None, now)


@guarded
def withdraw(actor: User, proposal_id: int, now: datetime, reason: str | None = None) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "withdraw", proposal.state, access.proposal_roles(actor, proposal))
    move_proposal(proposal, S.WITHDRAWN, "withdraw", actor, now, note=reason)
    clocks.stop(now, proposal_id=proposal.id)
    db.session.commit()
    return proposal


@guarded
def second(actor: User, proposal_id: int, now: datetime) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "second", proposal.state, access.proposal_roles(actor, proposal))
    db.session.add(Seconder(proposal_id=proposal.id, user_id=actor.id, created_at=now))
    touch(proposal)  # seconded while it is under review, not after the office decided
    events.record("second", now, actor, proposal_id=proposal.id)
    db.session.commit()
    return proposal


@guarded
def consent_opinion_letter(actor: User, proposal_id: int, consent: bool, now: datetime) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "consent-opinion-letter", proposal.state, access.proposal_roles(actor, proposal))
    changes = events.diff(proposal, {"opinion_letter_consent": consent})
    touch(proposal)
    events.record("consent-opinion-letter", now, actor, proposal_id=proposal.id, changes=changes)
    db.session.commit()
    return proposal


def _validate(actor: User, data: DraftInput, proposal: Proposal | None = None) -> Session:
    errors: dict[str, str] = {}
    title = (data.title or "").strip()
    if not title:
        errors["title"] = _("Give the proposal a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title is too long (at most %(n)d characters).", n=TITLE_MAX)
    if len(data.body or "") > BODY_MAX:
        errors["body"] = _("The text is too long (at most %(n)d characters).", n=BODY_MAX)
    session = db.session.get(Session, data.session_id) if data.session_id else None
    if session is None or not session.active or (actor.channel and session.channel != actor.channel):
        errors["session_id"] = _("Choose an open session of your channel.")
    if data.author_kind not in set(AuthorKind):
        errors["author_kind"] = _("Choose individual, joint or collective.")
    if data.author_kind == AuthorKind.COLLECTIVE and not (data.collective_name or "").strip():
        errors["collective_name"] = _("Name the party, sector or delegation that submits it.")
    if data.author_kind == AuthorKind.JOINT:
        problem = _cosigner_problem(actor, data.cosigner_ids, session)
        if problem:
            errors["cosigners"] = problem
    if errors:
        raise Invalid(errors)
    return session


def _cosigner_problem(actor: User, ids: list[int], session: Session | None) -> str | None:
    if not ids:
        return _("A joint proposal needs at least one co-signer.")
    if actor.id in ids:
        return _("You cannot co-sign your own proposal.")
    users = db.session.execute(select(User).where(User.id.in_(ids))).scalars().all()
    valid = [
        u for u in users
        if u.active and u.has_role(Role.PROPOSER) and (session is None or u.channel in (None, session.channel))
    ]
    if len(valid) != len(set(ids)):
        return _("Every co-signer must be a member or deputy of the same channel.")
    return None


def _apply(proposal: Proposal, data: DraftInput) -> dict:
    collective = (data.collective_name or "").strip() or None
    changes = events.diff(
        proposal,
        {
            "title": data.title.strip(),
            "body": data.body or "",
            "session_id": data.session_id,
            "author_kind": data.author_kind,
            "collective_name": collective if data.author_kind == AuthorKind.COLLECTIVE else None,
        },
    )
    wanted = list(dict.fromkeys(data.cosigner_ids)) if data.author_kind == AuthorKind.JOINT else []
    current = [c.user_id for c in proposal.cosigners]
    if wanted != current:
        proposal.cosigners = [c for c in proposal.cosigners if c.user_id in wanted] + [
            Cosigner(user_id=uid) for uid in wanted if uid not in current
        ]
        changes["cosigners"] = [current, wanted]
    return changes
