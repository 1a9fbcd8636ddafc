"""The words of event notices in e-mails: subject, what happened, the link's label. Called inside
the recipient's locale (mail/compose.py)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workflow.domain.notices import Notice
from workflow.due_label import due_label
from workflow.extensions import db
from workflow.labels import ASSIGNMENT_ROLE_LABELS, label
from workflow.models import Event, Notification
from workflow.terms import term

# Per notice: the subject (%(item)s, and %(bureau)s for an assignment) and the sentence saying what
# happened (%(role)s: the assignment's role; %(bureau)s: the lead bureau of a reply to co-sign).
SUBJECTS = {
    Notice.ASSIGNED: _l("New assignment for %(bureau)s: %(item)s"),
    Notice.COSIGN: _l("A reply awaits your bureau's co-signature: %(item)s"),
    Notice.APPROVAL: _l("A reply awaits your approval: %(item)s"),
    Notice.RETURNED: _l("A reply was returned for revision: %(item)s"),
    Notice.SENT: _l("Reply to %(item)s: please read and rate it"),
    Notice.FOLLOW_UP: _l("Follow-up reply to %(item)s"),
    Notice.SUPERVISED: _l("Supervision note from %(office)s: %(item)s"),
    Notice.REHANDLING: _l("Re-handling ordered: %(item)s"),
    Notice.DUE_CHANGED: _l("Due date changed: %(item)s"),
}
HEADLINES = {
    Notice.ASSIGNED: _l("%(office)s assigned this item to your bureau (%(role)s). Sign for it on its page."),
    Notice.COSIGN: _l("The reply of %(bureau)s to this item awaits your bureau's co-signature (会签) before it goes to approval. Co-sign it, or object with comments, in time for the reply's due date."),
    Notice.APPROVAL: _l("The reply to this item awaits your approval (签发)."),
    Notice.RETURNED: _l("The reply to this item was returned for revision. Revise it and submit it again."),
    Notice.SENT: _l("The reply to your item has been sent. Please read it and rate it: satisfied, basically satisfied or unsatisfied."),
    Notice.FOLLOW_UP: _l("A follow-up reply to your item has been sent. Please read it."),
    Notice.SUPERVISED: _l("%(office)s wrote a supervision note (督办意见) on this item to your bureau. Read it and act on it."),
    Notice.REHANDLING: _l("The reply was rated unsatisfied: %(office)s ordered your bureau to handle this item again."),
    Notice.DUE_CHANGED: _l("The holiday calendar changed, and with it this due date: it was %(previous)s. The new date is below."),
}
LINKS = {
    Notice.SENT: _l("Read and rate the reply"),
    Notice.COSIGN: _l("Read and co-sign the reply"),
}


def subject(notice: Notice, item: str, bureau: str | None, office: str = "") -> str:
    return str(SUBJECTS[notice]) % {"item": item, "bureau": bureau or "", "office": office}


def headline(notice: Notice, row: Notification) -> str:
    """What happened and what the recipient does now, in one sentence."""
    assignment = row.assignment
    role = label(ASSIGNMENT_ROLE_LABELS, assignment.role) if assignment else ""
    return str(HEADLINES[notice]) % {"role": role, "bureau": assignment.bureau.label if assignment else "",
                                     "previous": _previous_due(row), "office": term(row.proposal.channel, "office")}


def _previous_due(row: Notification) -> str:
    """The due date before the change, as the event of a moved due date logged it."""
    event = db.session.get(Event, row.event_id) if row.event_id else None
    changes = (event.changes or {}) if event else {}
    if "due_date" not in changes:
        return ""
    return due_label(changes["due_date"][0], bool(changes.get("provisional", [False])[0]))


def link_text(notice: Notice) -> str:
    return str(LINKS.get(notice, _l("Open the item")))


def note_label(notice: Notice | None, channel: str | None = None) -> str:
    """A returned reply's note holds the comments on it; other notes are the office's."""
    if notice == Notice.RETURNED:
        return _("Comments on the reply")
    return _("Note from %(office)s", office=term(channel, "office"))
