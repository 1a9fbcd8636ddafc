"""The words of text messages, one template per reminder reason and event notice, each short
enough for one message with the signature (tests/sms/test_texts.py checks every one, in every
language, with the longest values). Called inside the recipient's locale."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workflow.domain.notices import Notice
from workflow.domain.reminders import Reason
from workflow.domain.sms import fit
from workflow.due_label import due_label
from workflow.labels import CLOCK_LABELS, label
from workflow.models import Notification
from workflow.sms import Message
from workflow.terms import term

OFFICE_MAX = 12  # a configured office name longer than this is cut in a text message

TEMPLATES = {
    Reason.BEFORE: _l("%(item)s: %(what)s due %(date)s."),
    Reason.OVERDUE: _l("%(item)s: %(what)s overdue since %(date)s."),
    Reason.MANUAL: _l("%(office)s reminds you: %(item)s"),
    Notice.ASSIGNED: _l("New assignment: %(item)s. Please sign for it."),
    Notice.COSIGN: _l("Reply to co-sign: %(item)s"),
    Notice.APPROVAL: _l("Reply to approve: %(item)s"),
    Notice.RETURNED: _l("Reply returned for revision: %(item)s"),
    Notice.SENT: _l("Reply sent, please read and rate it: %(item)s"),
    Notice.FOLLOW_UP: _l("Follow-up reply sent: %(item)s"),
    Notice.SUPERVISED: _l("%(office)s supervision note: %(item)s"),
    Notice.REHANDLING: _l("Re-handling ordered: %(item)s"),
    Notice.DUE_CHANGED: _l("Due date now %(date)s: %(item)s"),
    Notice.NOT_FILED: _l("Review result, please read it: %(item)s"),
    Notice.FILED: _l("Accepted for handling: %(item)s"),
    Notice.MERGED: _l("Merged with another item: %(item)s"),
    Notice.MERGED_IN: _l("Another item merged into: %(item)s"),
    Notice.HANDLERS: _l("Handling bureaus assigned: %(item)s"),
    Notice.CONTACT: _l("Signed for by the handling bureau: %(item)s"),
    Notice.COSIGN_INVITED: _l("Please confirm your co-signature: %(item)s"),
    Notice.REASSIGN_ASKED: _l("Reassignment request to decide: %(item)s"),
    Notice.REASSIGN_DECIDED: _l("Reassignment request answered: %(item)s"),
    Notice.WITHDRAWN: _l("Assignment withdrawn: %(item)s"),
    Notice.EXTENSION_ENDORSE: _l("Extension request to endorse: %(item)s"),
    Notice.EXTENSION_ASKED: _l("Extension request to decide: %(item)s"),
    Notice.EXTENSION_DECIDED: _l("Extension request answered: %(item)s"),
    Notice.MERGED_REPLY: _l("Reply to the item yours joined: %(item)s"),
    Notice.CLOSED: _l("Closed by the office: %(item)s"),
}
# Reasons that go by text message: not the office's weekly digest, a list that needs a screen.
SENT_BY_SMS = {str(Reason.BEFORE), str(Reason.OVERDUE), str(Reason.MANUAL), str(Reason.EVENT)}


def template_key(row: Notification) -> str:
    key = row.notice_key
    return str(key.notice) if key is not None else row.reason


def params_for(row: Notification) -> dict[str, str]:
    proposal = row.proposal
    office = term(proposal.channel, "office")
    return {
        "item": f"{proposal.number} {proposal.title}" if proposal.number else proposal.title,
        "what": label(CLOCK_LABELS, row.clock_kind) if row.clock_kind else "",
        "date": due_label(row.due_date, row.due_provisional),
        "office": office if len(office) <= OFFICE_MAX else office[: OFFICE_MAX - 1] + "…",
    }


def compose(kind: str, params: dict[str, str], mobile: str, signature: str, out_id: str = "") -> Message:
    body, used = fit(str(TEMPLATES[kind]), params, signature)
    return Message(mobile=mobile, kind=kind, body=body,
                   params={k: v for k, v in used.items() if f"%({k})s" in str(TEMPLATES[kind])}, out_id=out_id)


def message_for(row: Notification, signature: str) -> Message:
    return compose(template_key(row), params_for(row), row.recipient.mobile or "", signature, str(row.id))
