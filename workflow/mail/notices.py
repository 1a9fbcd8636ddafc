"""The words of event notices in e-mails: subject, what happened, the link's label. Called inside
the recipient's locale (mail/compose.py)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from workflow.domain.assignment import ACTIVE_STATES
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
    Notice.NOT_FILED: _l("Not filed: %(item)s"),
    Notice.FILED: _l("Filed: %(item)s"),
    Notice.MERGED: _l("Merged with another item: %(item)s"),
    Notice.MERGED_IN: _l("Another item joins one your bureau handles: %(item)s"),
    Notice.HANDLERS: _l("Assigned to the handling bureaus: %(item)s"),
    Notice.CONTACT: _l("%(bureau)s signed for your item: %(item)s"),
    Notice.COSIGN_INVITED: _l("Please confirm your co-signature: %(item)s"),
    Notice.REASSIGN_ASKED: _l("Reassignment request from %(bureau)s: %(item)s"),
    Notice.REASSIGN_DECIDED: _l("Your reassignment request was answered: %(item)s"),
    Notice.WITHDRAWN: _l("Assignment withdrawn from %(bureau)s: %(item)s"),
    Notice.EXTENSION_ENDORSE: _l("An extension request awaits your endorsement: %(item)s"),
    Notice.EXTENSION_ASKED: _l("Extension request from %(bureau)s: %(item)s"),
    Notice.EXTENSION_DECIDED: _l("Your extension request was answered: %(item)s"),
    Notice.MERGED_REPLY: _l("The reply that answers your item: %(item)s"),
    Notice.CLOSED: _l("Closed by the office: %(item)s"),
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
    Notice.NOT_FILED: _l("The %(office)s decided: your %(kind)s is %(not_filed)s. The reason is below. Please answer on its page whether it may be forwarded as an opinion letter."),
    Notice.FILED: _l("The %(office)s decided to %(filed)s your %(kind)s: number %(number)s, category %(category)s. It will be assigned to the bureaus that handle it."),
    Notice.MERGED: _l("The %(office)s merged your %(kind)s into %(target)s: it is handled with that item, and the reply to %(target)s answers yours too."),
    Notice.MERGED_IN: _l("The %(office)s merged another item into this one, which your bureau handles (%(role)s): your reply answers both."),
    Notice.HANDLERS: _l("The %(office)s assigned your %(kind)s to: %(bureaus)s."),
    Notice.CONTACT: _l("%(bureau)s signed for your %(kind)s and handles it. Your contact person there: %(contact)s."),
    Notice.COSIGN_INVITED: _l("You are named as a co-signer of this %(kind)s. Please confirm or decline on its page."),
    Notice.REASSIGN_ASKED: _l("%(bureau)s asks for this item to be reassigned (退办). Its reason is below. Approve it, naming the new bureaus, or refuse it."),
    Notice.REASSIGN_DECIDED: _l("The %(office)s answered your bureau's reassignment request: %(decision)s"),
    Notice.WITHDRAWN: _l("The %(office)s withdrew this item from your bureau; your bureau no longer handles it. The reason is below."),
    Notice.EXTENSION_ENDORSE: _l("A clerk of your bureau asks for more time to reply. Endorse the request to send it to the %(office)s, or decline it."),
    Notice.EXTENSION_ASKED: _l("%(bureau)s asks for more time to reply. Its reason is below. Grant or refuse the request."),
    Notice.EXTENSION_DECIDED: _l("Your bureau's extension request was answered: %(decision)s"),
    Notice.MERGED_REPLY: _l("Your %(kind)s was merged into this item, and this reply answers yours too. Please read it."),
    Notice.CLOSED: _l("After your rating, the %(office)s closed your %(kind)s (办结). Its note is below."),
}
# The office's answer, in the decided notices' headline, by the event that gave it.
DECISIONS = {
    "approve-reassignment": _l("approved. The item is withdrawn from your bureau."),
    "refuse-reassignment": _l("refused. Your bureau keeps handling the item; the reason is below."),
    "grant-extension": _l("granted. The new due date is below."),
    "refuse-extension": _l("refused; the reason is below. The due date stands."),
    "decline-extension": _l("declined by your bureau's leader; the reason is below. The due date stands."),
}
LINKS = {
    Notice.SENT: _l("Read and rate the reply"),
    Notice.COSIGN: _l("Read and co-sign the reply"),
    Notice.MERGED_REPLY: _l("Read the reply"),
    Notice.COSIGN_INVITED: _l("Confirm or decline"),
    Notice.REASSIGN_ASKED: _l("Decide on the request"),
    Notice.EXTENSION_ASKED: _l("Decide on the request"),
}


def subject(notice: Notice, item: str, bureau: str | None, office: str = "") -> str:
    return str(SUBJECTS[notice]) % {"item": item, "bureau": bureau or "", "office": office}


def headline(notice: Notice, row: Notification) -> str:
    """What happened and what the recipient does now, in one sentence."""
    assignment = row.assignment
    role = label(ASSIGNMENT_ROLE_LABELS, assignment.role) if assignment else ""
    return str(HEADLINES[notice]) % _Values(row, role)


class _Values(dict):
    """The headline's placeholders, each worked out only when its sentence asks for it."""

    def __init__(self, row: Notification, role: str):
        super().__init__()
        self.row, self.role = row, role

    def __missing__(self, key: str) -> str:
        row, proposal, assignment = self.row, self.row.proposal, self.row.assignment
        if key == "role":
            return self.role
        if key == "bureau":
            return assignment.bureau.label if assignment else ""
        if key == "previous":
            return _previous_due(row)
        if key == "office":
            return term(proposal.channel, "office")
        if key == "kind":
            return term(proposal.channel, "item")
        if key == "not_filed":
            return term(proposal.channel, "not_filed")
        if key == "filed":
            return term(proposal.channel, "file")
        if key == "number":
            return proposal.number or ""
        if key == "category":
            return proposal.category.name if proposal.category else ""
        if key == "target":
            return proposal.merged_into.number if proposal.merged_into else ""
        if key == "bureaus":
            return pgettext("list separator", ", ").join(f"{a.bureau.label}（{label(ASSIGNMENT_ROLE_LABELS, a.role)}）"
                                for a in proposal.assignments if a.state in ACTIVE_STATES)
        if key == "contact":
            return _contact(assignment)
        if key == "decision":
            event = db.session.get(Event, row.event_id) if row.event_id else None
            return str(DECISIONS.get(event.action, "")) if event else ""
        raise KeyError(key)


def _contact(assignment) -> str:
    """The clerk who signed for it, with the phone the roster holds."""
    person = assignment.received_by if assignment is not None else None
    if person is None:
        return ""
    return f"{person.name}（{person.mobile}）" if getattr(person, "mobile", None) else person.name


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
    """A returned reply's note holds the comments on it; a request's, the bureau's reason; a not
    filed item's, why; other notes are the office's."""
    if notice == Notice.RETURNED:
        return _("Comments on the reply")
    if notice in (Notice.REASSIGN_ASKED, Notice.EXTENSION_ASKED, Notice.EXTENSION_ENDORSE):
        return _("The bureau's reason")
    if notice == Notice.NOT_FILED:
        return _("Why it is not filed")
    return _("Note from %(office)s", office=term(channel, "office"))
