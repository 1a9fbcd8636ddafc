"""Co-handling opinions (协办意见): written by a co bureau, signed off by its leader where the
setting asks for it, then visible to the lead bureau and the office (SPEC 3.3)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain.assignment import HANDLING_STATES
from workflow.domain.clocks import ClockKind
from workflow.domain.opinion import OPINION, OpinionState, signs_off, submit_target
from workflow.extensions import db
from workflow.models import Assignment, Attachment, CoOpinion, User
from workflow.services import access, clocks, events, settings, uploads
from workflow.services.errors import Invalid
from workflow.services.guard import check, check_version, commit, committing
from workflow.services.handling import require_handling
from workflow.services.uploads import Upload

OS = OpinionState
BODY_MAX = 20_000


@dataclass
class OpinionInput:
    body: str
    attachments: list[Upload] = field(default_factory=list)
    remove_attachment_ids: list[int] = field(default_factory=list)


def opinion_of(assignment: Assignment) -> CoOpinion | None:
    query = select(CoOpinion).where(CoOpinion.assignment_id == assignment.id)
    return db.session.execute(query).scalar_one_or_none()


def save(actor: User, assignment_id: int, data: OpinionInput, now: datetime, version: int | None = None,
         then_submit: bool = False) -> CoOpinion:
    action = "submit-opinion" if then_submit else "save-opinion"
    assignment, opinion = _checked(actor, assignment_id, action, version)
    body = (data.body or "").strip()
    if len(body) > BODY_MAX:
        raise Invalid({"body": _("At most %(n)d characters.", n=BODY_MAX)})
    if then_submit and not body:
        raise Invalid({"body": _("Write the opinion before submitting it.")})
    staged = uploads.check(data.attachments)
    if opinion is None:
        opinion = CoOpinion(
            proposal_id=assignment.proposal_id, assignment_id=assignment.id, state=OS.DRAFT, body=body,
            created_by_id=actor.id, created_at=now, updated_at=now,
        )
        db.session.add(opinion)
        with committing(creates_unique=True):  # the co bureau's opinion was started meanwhile
            db.session.flush()
    with committing(), uploads.storing(actor, assignment.proposal_id, now) as store:
        opinion.body, opinion.updated_at = body, now
        db.session.flush()
        _remove(opinion, data.remove_attachment_ids, now)
        for item in staged:
            store(item, opinion_id=opinion.id)
        if then_submit:
            _move(opinion, assignment, submit_target(_signs_off(assignment)), "opinion-submit", actor, now)
        db.session.commit()
    return opinion


def submit(actor: User, assignment_id: int, now: datetime, version: int | None = None) -> CoOpinion:
    """Submit the opinion as last saved."""
    assignment, opinion = _checked(actor, assignment_id, "submit-opinion", version)
    if opinion is None or not opinion.body.strip():
        raise Invalid({"body": _("Write the opinion before submitting it.")})
    _move(opinion, assignment, submit_target(_signs_off(assignment)), "opinion-submit", actor, now)
    commit()
    return opinion


def approve(actor: User, assignment_id: int, now: datetime, version: int | None = None) -> CoOpinion:
    assignment, opinion = _checked(actor, assignment_id, "approve-opinion", version)
    opinion.approved_by_id = actor.id
    _move(opinion, assignment, OS.SUBMITTED, "opinion-approve", actor, now)
    commit()
    return opinion


def return_(actor: User, assignment_id: int, note: str | None, now: datetime, version: int | None = None) -> CoOpinion:
    assignment, opinion = _checked(actor, assignment_id, "return-opinion", version)
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": _("Say what to change; the clerk sees your comments.")})
    opinion.return_note = note
    _move(opinion, assignment, OS.RETURNED, "opinion-return", actor, now, note)
    commit()
    return opinion


def available(actor: User, assignment: Assignment) -> list[str]:
    """The opinion actions the actor may take now, for the assignment's page and the API."""
    opinion = opinion_of(assignment)
    if assignment.state not in HANDLING_STATES:
        return []
    state = opinion.state if opinion else OS.DRAFT
    return OPINION.available(state, access.assignment_roles(actor, assignment))


def _checked(actor: User, assignment_id: int, action: str, version: int | None):
    assignment = access.get_assignment(actor, assignment_id)
    opinion = opinion_of(assignment)
    state = opinion.state if opinion else OS.DRAFT
    check(OPINION, action, state, access.assignment_roles(actor, assignment))
    require_handling(assignment)
    if opinion is not None:
        check_version(opinion.version, version)
    return assignment, opinion


def _move(opinion: CoOpinion, assignment: Assignment, target: OS, event: str, actor: User, now: datetime,
          note: str | None = None) -> None:
    events.record(event, now, actor, proposal_id=assignment.proposal_id, assignment_id=assignment.id,
                  from_state=opinion.state, to_state=target, note=note)
    opinion.state, opinion.updated_at = target, now
    opinion.submitted_at = now if target == OS.SUBMITTED else None
    if target == OS.SUBMITTED:
        clocks.stop(now, assignment_id=assignment.id, kinds=[ClockKind.CO_OPINION])


def _remove(opinion: CoOpinion, ids: list[int], now: datetime) -> None:
    if not ids:
        return
    rows = db.session.execute(
        select(Attachment).where(
            Attachment.opinion_id == opinion.id, Attachment.id.in_(ids), Attachment.removed_at.is_(None)
        )
    ).scalars().all()
    if len(rows) != len(set(ids)):
        raise Invalid({"remove_attachment_ids": _("Remove only files of this opinion.")})
    for row in rows:
        row.removed_at = now


def _signs_off(assignment: Assignment) -> bool:
    return signs_off(assignment.bureau.co_opinion_signoff, bool(settings.get("co_opinion_signoff")))
