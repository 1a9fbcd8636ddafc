"""The XLSX downloads of the lists, with the filters of their pages: /proposals/export.xlsx
(提案建议一览表), /bureau/assignments.xlsx (交办清单, per bureau), /office/overdue.xlsx (逾期清单),
/office/handling.xlsx (办理情况汇总表). What the user may see, and nothing else."""
from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from workflow.clock import utcnow
from workflow.desk import export_sheets
from workflow.desk.workbook import XLSX
from workflow.domain.assignment import AssignmentState
from workflow.domain.deadlines import local_date
from workflow.domain.lifecycle import Channel
from workflow.extensions import db
from workflow.labels import CHANNEL_LABELS, STATE_LABELS, label
from workflow.models import Role, Session
from workflow.services import list_exports
from workflow.services.queries import ProposalFilter
from workflow.web_forms import int_arg

bp = Blueprint("desk_exports", __name__)
bp.before_request(login_required(lambda: None))


def proposal_filter() -> ProposalFilter:
    """The filter of /proposals/, as its page reads it."""
    channel = request.args.get("channel") or None
    return ProposalFilter(
        state=request.args.get("state") or None,
        session=int_arg("session"),
        channel=channel if channel in set(Channel) else None,
        bureau=int_arg("bureau"),
        overdue=request.args.get("overdue") == "1",
        q=(request.args.get("q") or "").strip()[:100] or None,
    )


def filter_text(f: ProposalFilter) -> str:
    parts = []
    session = db.session.get(Session, f.session) if f.session else None
    if session is not None:
        parts.append(session.name)
    if f.channel:
        parts.append(label(CHANNEL_LABELS, f.channel))
    if f.state:
        parts.append(label(STATE_LABELS, f.state))
    bureau = list_exports.bureau_name(f.bureau)
    if bureau:
        parts.append(bureau)
    if f.overdue:
        parts.append(_("Overdue only"))
    if f.q:
        parts.append(_("Search: %(q)s", q=f.q))
    return "、".join(parts) or _("All")


def _download(content: bytes, stem: str) -> Response:
    name = f"{stem}-{local_date(utcnow()).isoformat()}.xlsx"
    return Response(content, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/proposals/export.xlsx")
def proposals_xlsx():
    now = utcnow()
    f = proposal_filter()
    items = list_exports.proposals(current_user, f, now)
    dues = list_exports.reply_dues([p.id for p in items])
    return _download(export_sheets.proposal_list(items, dues, filter_text(f), now, f.channel), "proposals")


@bp.get("/bureau/assignments.xlsx")
def assignments_xlsx():
    """交办清单: a bureau's own for its clerks and leaders; any bureau's, or all, for the office."""
    if not (current_user.has_role(Role.OFFICE) or current_user.bureau_id):
        abort(403)
    bureau = int_arg("bureau") if current_user.has_role(Role.OFFICE) else current_user.bureau_id
    state = request.args.get("state") or None
    state = state if state in set(AssignmentState) else None
    session = int_arg("session")
    lines = list_exports.assignments(current_user, bureau, session, state)
    f = ProposalFilter(session=session, state=state)
    text = filter_text(f) if (session or state) else ""
    return _download(export_sheets.assignment_list(lines, list_exports.bureau_name(bureau), text, utcnow()),
                     "assignments")


@bp.get("/office/overdue.xlsx")
def overdue_xlsx():
    if not (current_user.has_role(Role.OFFICE) or current_user.bureau_id):
        abort(403)
    now = utcnow()
    f = proposal_filter()
    bureau = f.bureau if current_user.has_role(Role.OFFICE) else current_user.bureau_id
    lines = list_exports.overdue(current_user, now, f.session, bureau, f.channel)
    f.bureau, f.overdue = bureau, False
    return _download(export_sheets.overdue_list(lines, filter_text(f), now), "overdue")


@bp.get("/office/handling.xlsx")
def handling_xlsx():
    if not current_user.has_role(Role.OFFICE):
        abort(403)
    now = utcnow()
    f = proposal_filter()
    lines = list_exports.handling(current_user, f, now)
    return _download(export_sheets.handling_summary(lines, filter_text(f), now), "handling")
