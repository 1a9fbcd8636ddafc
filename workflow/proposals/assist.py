"""Beside the draft editor: similar proposals and the pre-check's advice (issue 11). Shown when
the editor opens, after the "Check" button (which saves nothing, so it works without script),
and, with script, as the member types (static/js/assist.js posts the form here)."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from workflow.proposals.routes import bp
from workflow.services import precheck, similar
from workflow.web_forms import small_int


def assist_context(title: str, body: str, channel: str | None, session_id: int | None,
                   proposal_id: int | None) -> dict:
    """What the aside shows for this text; nothing before there is a title or a text."""
    if not (title or "").strip() and not (body or "").strip():
        return {"checked": False, "similar": [], "findings": [], "channel": channel}
    findings = precheck.run(title, body)
    return {
        "checked": True,
        "similar": similar.for_text(current_user, title, body, channel, session_id, exclude_id=proposal_id),
        "findings": [(f.rule, precheck.message(f, channel)) for f in findings],
        "channel": channel,
    }


@bp.post("/assist")
def assist():
    """The aside as HTML for the editor's script; the same checks as the Check button."""
    title = request.form.get("title", "")[:200]
    body = request.form.get("body", "")[:50000]
    raw_id = request.form.get("proposal_id", "")
    proposal_id = small_int(raw_id)
    raw_session = request.form.get("session_id", "")
    session_id = small_int(raw_session)
    context = assist_context(title, body, current_user.channel, session_id, proposal_id)
    return render_template("proposals/_assist.html", **context)
