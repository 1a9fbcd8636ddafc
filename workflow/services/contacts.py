"""Recording contacts (沟通) with the proposer (SPEC 3.3). The first stops the first-contact clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from workflow.domain.clocks import ClockKind
from workflow.domain.contact import ContactWay, date_problem
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Contact, User
from workflow.services import clocks, events, uploads
from workflow.services.errors import Invalid
from workflow.services.guard import commit
from workflow.services.handling import checked_assignment
from workflow.services.uploads import Upload

PARTICIPANTS_MAX = 500
NOTES_MAX = 5000


@dataclass
class ContactInput:
    contacted_on: date | None
    way: str
    participants: str = ""
    notes: str = ""
    attachments: list[Upload] = field(default_factory=list)


def add_contact(actor: User, assignment_id: int, data: ContactInput, now: datetime) -> Contact:
    assignment = checked_assignment(actor, assignment_id, "add-contact")
    _validate(data, local_date(assignment.assigned_at), local_date(now))
    staged = uploads.check(data.attachments)
    with uploads.storing(actor, assignment.proposal_id, now) as store:
        contact = Contact(
            proposal_id=assignment.proposal_id, assignment_id=assignment.id, contacted_on=data.contacted_on,
            way=data.way, participants=(data.participants or "").strip(), notes=(data.notes or "").strip(),
            created_by_id=actor.id, created_at=now,
        )
        db.session.add(contact)
        db.session.flush()
        for item in staged:
            store(item, contact_id=contact.id)
        clocks.stop(now, assignment_id=assignment.id, kinds=[ClockKind.FIRST_CONTACT])
        events.record(
            "add-contact", now, actor, proposal_id=assignment.proposal_id, assignment_id=assignment.id,
            note=f"{data.contacted_on.isoformat()} · {contact.participants}".rstrip(" ·"),
        )
        commit()
    return contact


def _validate(data: ContactInput, assigned_on: date, today: date) -> None:
    errors: dict[str, str] = {}
    if data.contacted_on is None:
        errors["contacted_on"] = _("Enter the date of the contact.")
    else:
        problem = date_problem(data.contacted_on, assigned_on, today)
        if problem == "future":
            errors["contacted_on"] = _("Record a contact once it has happened.")
        elif problem == "before_assignment":
            errors["contacted_on"] = _("The contact lies before the assignment (%(day)s).", day=assigned_on.isoformat())
    if data.way not in set(ContactWay):
        errors["way"] = _("Choose how you contacted the proposer.")
    if len(data.participants or "") > PARTICIPANTS_MAX:
        errors["participants"] = _("At most %(n)d characters.", n=PARTICIPANTS_MAX)
    if len(data.notes or "") > NOTES_MAX:
        errors["notes"] = _("At most %(n)d characters.", n=NOTES_MAX)
    if errors:
        raise Invalid(errors)
