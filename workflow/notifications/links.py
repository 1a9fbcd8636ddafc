"""Where a notification leads: a notice to what waits there (the reply, the bureau's assignment
page), a reminder to the item. One place for the bell and the e-mails."""
from __future__ import annotations

from flask import url_for

from workflow.models import Notification


def target_url(row: Notification, external: bool = False) -> str:
    key = row.notice_key
    if key is not None and key.reply_id is not None:
        return url_for("replies.show", reply_id=key.reply_id, _external=external)
    if key is not None and row.assignment_id is not None:
        return url_for("handling.assignment", assignment_id=row.assignment_id, _external=external)
    return url_for("proposals.show", proposal_id=row.proposal_id, _external=external)
