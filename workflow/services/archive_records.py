"""Reading what the archive says of each item (SPEC 3.6) into plain records
(workflow/archive/record.py), so the renderers never touch the database."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from workflow.archive.record import ItemRecord, ReplyRecord
from workflow.domain import richtext
from workflow.domain.deadlines import local_date
from workflow.domain.reply import ReplyState
from workflow.due_label import due_label
from workflow.extensions import db
from workflow.labels import (
    ACTION_LABELS,
    ASSIGNMENT_ROLE_LABELS,
    CLOCK_LABELS,
    CONTACT_WAY_LABELS,
    RATING_LABELS,
    STATE_LABELS,
    event_note,
    label,
)
from workflow.models import Contact, CoOpinion, Proposal, Reply, SupervisionNote
from workflow.services import queries
from workflow.services.reply_letters import letter_of


def session_items(session_id: int) -> list[Proposal]:
    """The items an archive holds: the session's numbered proposals, in the order of their numbers,
    each followed by the items merged into it (并案: they have no number of their own)."""
    query = select(Proposal).where(
        Proposal.session_id == session_id, or_(Proposal.number.is_not(None), Proposal.merged_into_id.is_not(None))
    )
    found = db.session.execute(query).scalars().all()

    def place(p: Proposal) -> tuple:
        numbered = p.merged_into if p.merged_into_id is not None else p
        return (numbered.channel, numbered.group_prefix or "", numbered.number_seq or 0, numbered.id,
                p.merged_into_id is not None, p.id)

    return sorted(found, key=place)


def item_record(p: Proposal) -> ItemRecord:
    return ItemRecord(
        number=p.number or (_("merged into %(number)s", number=p.merged_into.number) if p.merged_into else ""),
        title=p.title,
        proposer=p.collective_name or p.proposer.name,
        state=label(STATE_LABELS, p.state),
        category=p.category.name if p.category else "",
        submitted_on=_day(p.submitted_at),
        filed_on=_day(p.filed_at),
        closed_on=_day(p.closed_at),
        body=p.body or "",
        assignments=[
            f"{a.bureau.name}（{label(ASSIGNMENT_ROLE_LABELS, a.role)}，{label(STATE_LABELS, a.state)}）"
            for a in p.assignments
        ],
        contacts=[_contact(c) for c in _rows(Contact, p.id, Contact.contacted_on)],
        opinions=[f"{o.assignment.bureau.name}：{o.body}" for o in _rows(CoOpinion, p.id) if o.submitted_at],
        replies=[_reply(r) for r in _rows(Reply, p.id)],
        supervision=[f"{_day(n.created_at)} {n.created_by.name}"
                     f"{' → ' + n.assignment.bureau.name if n.assignment else ''}：{n.body}"
                     for n in _rows(SupervisionNote, p.id)],
        timeline=[_event(e) for e in queries.timeline(p.id)],
    )


def _reply(r: Reply) -> ReplyRecord:
    numbered = r.numbered and r.approved_version is not None
    letter = letter_of(r) if numbered else None
    return ReplyRecord(
        bureau=r.bureau.name,
        state=label(STATE_LABELS, r.state),
        doc_number=r.doc_number or "",
        resolution=_resolution(r),
        title=letter.title if letter else r.title,
        text=letter.body if letter else "\n".join(richtext.paragraphs(r.body)),
        sent_on=_day(r.sent_at) if r.state == ReplyState.SENT else "",
        feedback=[
            f"{f.user.name}：{label(RATING_LABELS, f.rating)}{'，' + f.comments if f.comments else ''}"
            for f in r.feedback
        ],
    )


def _resolution(r: Reply) -> str:
    """The resolution category by its name ("B 正在解决或列入计划解决"), not its code alone."""
    if not r.resolution:
        return ""
    from workflow.services import settings

    names = {c.code: c.label for c in settings.resolution_categories(r.proposal.channel)}
    return f"{r.resolution} {names[r.resolution]}" if r.resolution in names else r.resolution


def _contact(c: Contact) -> str:
    parts = [c.contacted_on.isoformat(), label(CONTACT_WAY_LABELS, c.way), c.participants, c.notes]
    return " · ".join(part for part in parts if part)


def _event(e) -> str:
    who = e.actor.name if e.actor else ""
    where = e.assignment.bureau.name if e.assignment else ""
    what = _due_change(e) if e.action == "recompute-due" else event_note(e.note)
    parts = [local_date(e.created_at).isoformat(), who, label(ACTION_LABELS, e.action), where, what]
    return " · ".join(part for part in parts if part)


def _due_change(e) -> str:
    """A due date the calendar moved: its clock, old → new, each marked 待定 while provisional."""
    was, new = (e.changes or {}).get("due_date", [None, None])
    provisional = (e.changes or {}).get("provisional", [False, False])
    return f"{label(CLOCK_LABELS, e.note)}: {due_label(was, provisional[0])} → {due_label(new, provisional[1])}"


def _rows(model, proposal_id: int, *order):
    query = select(model).where(model.proposal_id == proposal_id).order_by(*order, model.id)
    return db.session.execute(query).scalars().all()


def _day(value: datetime | None) -> str:
    return local_date(value).isoformat() if value else ""
