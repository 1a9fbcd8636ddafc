"""The words of event notices in e-mails: subject, what happened, the link's label. Called inside
the recipient's locale (mail/compose.py)."""
from __future__ import annotations

from flask_babel import gettext as _

from workflow.domain.notices import Notice
from workflow.labels import ASSIGNMENT_ROLE_LABELS, label
from workflow.models import Notification


def subject(notice: Notice, item: str, bureau: str | None) -> str:
    if notice == Notice.ASSIGNED:
        return _("New assignment for %(bureau)s: %(item)s", bureau=bureau or "", item=item)
    if notice == Notice.COSIGN:
        return _("A reply awaits your bureau's co-signature: %(item)s", item=item)
    if notice == Notice.APPROVAL:
        return _("A reply awaits your approval: %(item)s", item=item)
    if notice == Notice.RETURNED:
        return _("A reply was returned for revision: %(item)s", item=item)
    if notice == Notice.SENT:
        return _("Reply to %(item)s: please read and rate it", item=item)
    if notice == Notice.FOLLOW_UP:
        return _("Follow-up reply to %(item)s", item=item)
    if notice == Notice.SUPERVISED:
        return _("Supervision note from the proposal office: %(item)s", item=item)
    return _("Re-handling ordered: %(item)s", item=item)


def headline(notice: Notice, row: Notification) -> str:
    """What happened and what the recipient does now, in one sentence."""
    if notice == Notice.ASSIGNED:
        role = label(ASSIGNMENT_ROLE_LABELS, row.assignment.role) if row.assignment else ""
        return _("The proposal office assigned this item to your bureau (%(role)s). Sign for it on its page.",
                 role=role)
    if notice == Notice.COSIGN:
        lead = row.assignment.bureau.label if row.assignment else ""
        return _("The reply of %(bureau)s to this item awaits your bureau's co-signature (会签) before it goes to approval. Co-sign it, or object with comments, in time for the reply's due date.",
                 bureau=lead)
    if notice == Notice.APPROVAL:
        return _("The reply to this item awaits your approval (签发).")
    if notice == Notice.RETURNED:
        return _("The reply to this item was returned for revision. Revise it and submit it again.")
    if notice == Notice.SENT:
        return _("The reply to your item has been sent. Please read it and rate it: satisfied, basically satisfied or unsatisfied.")
    if notice == Notice.FOLLOW_UP:
        return _("A follow-up reply to your item has been sent. Please read it.")
    if notice == Notice.SUPERVISED:
        return _("The proposal office wrote a supervision note (督办意见) on this item to your bureau. Read it and act on it.")
    return _("The reply was rated unsatisfied: the proposal office ordered your bureau to handle this item again.")


def link_text(notice: Notice) -> str:
    if notice == Notice.SENT:
        return _("Read and rate the reply")
    if notice == Notice.COSIGN:
        return _("Read and co-sign the reply")
    return _("Open the item")


def note_label(notice: Notice | None) -> str:
    """A returned reply's note holds the comments on it; other notes are the office's."""
    return _("Comments on the reply") if notice == Notice.RETURNED else _("Note from the proposal office")
