"""Where a notification leads: a notice to what waits there (the reply, the bureau's assignment
page), a reminder to the item. One place for the bell and the e-mails."""
from __future__ import annotations

from flask import url_for

from workflow.domain.notices import Notice
from workflow.models import Notification

# Notices whose page is the item's: to proposers (who do not see a bureau's handling page) and the
# office's decision on a reassignment request (its form is on the item's page).
_ON_THE_ITEM = frozenset({Notice.CONTACT, Notice.HANDLERS, Notice.REASSIGN_ASKED})
# Notices to a bureau that no longer has the item (withdrawn, reassignment approved): their work list.
_GONE = frozenset({Notice.WITHDRAWN, Notice.REASSIGN_DECIDED})


def target_url(row: Notification, external: bool = False) -> str:
    key = row.notice_key
    if key is not None and key.reply_id is not None:
        return url_for("replies.show", reply_id=key.reply_id, _external=external)
    if key is not None and key.notice in _GONE:
        return url_for("worklist.index", _external=external)
    if key is not None and row.assignment_id is not None and key.notice not in _ON_THE_ITEM:
        return url_for("handling.assignment", assignment_id=row.assignment_id, _external=external)
    return url_for("proposals.show", proposal_id=row.proposal_id, _external=external)
