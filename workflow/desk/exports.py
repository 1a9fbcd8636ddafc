"""The XLSX downloads of the lists, with the filters of their pages: /proposals/export.xlsx
(提案建议一览表), /bureau/assignments.xlsx (交办清单, per bureau), /office/overdue.xlsx (逾期清单),
/office/handling.xlsx (办理情况汇总表). What the user may see, and nothing else."""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from workflow.clock import utcnow
from workflow.desk import export_sheets
from workflow.desk.workbook import XLSX
from workflow.domain.assignment import AssignmentState
from workflow.domain.deadlines import local_date
from workflow.domain.desk_job import ASYNC_ROWS, JobKind
from workflow.domain.lifecycle import Channel
from workflow.extensions import db
from workflow.labels import CHANNEL_LABELS, STATE_LABELS, label
from workflow.models import Role, Session
from workflow.services import desk_jobs, list_exports
from workflow.services.queries import ProposalFilter

bp = Blueprint("desk_exports", __name__)
bp.before_request(login_required(lambda: None))


def proposal_filter(args=None) -> ProposalFilter:
    """The filter of /proposals/, as its page reads it (or from a job's stored arguments)."""
    args = request.args if args is None else args
    channel = args.get("channel") or None
    return ProposalFilter(
        state=args.get("state") or None,
        session=_int(args.get("session")),
        channel=channel if channel in set(Channel) else None,
        bureau=_int(args.get("bureau")),
        overdue=args.get("overdue") == "1",
        q=(args.get("q") or "").strip()[:100] or None,
    )


def _int(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


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


def build_proposals(user, args, now, progress=None) -> tuple[bytes, str]:
    f = proposal_filter(args)
    items = list_exports.proposals(user, f, now)
    dues = list_exports.reply_dues([p.id for p in items])
    return export_sheets.proposal_list(items, dues, filter_text(f), now, f.channel, progress), "proposals"


def build_assignments(user, args, now, progress=None) -> tuple[bytes, str]:
    """交办清单: a bureau's own for its clerks and leaders; any bureau's, or all, for the office."""
    bureau = _int(args.get("bureau")) if user.has_role(Role.OFFICE) else user.bureau_id
    state = args.get("state") or None
    state = state if state in set(AssignmentState) else None
    session = _int(args.get("session"))
    lines = list_exports.assignments(user, bureau, session, state)
    text = filter_text(ProposalFilter(session=session, state=state)) if (session or state) else ""
    content = export_sheets.assignment_list(lines, list_exports.bureau_name(bureau), text, now, progress)
    return content, "assignments"


def build_overdue(user, args, now, progress=None) -> tuple[bytes, str]:
    f = proposal_filter(args)
    bureau = f.bureau if user.has_role(Role.OFFICE) else user.bureau_id
    lines = list_exports.overdue(user, now, f.session, bureau, f.channel)
    f.bureau, f.overdue = bureau, False
    return export_sheets.overdue_list(lines, filter_text(f), now, progress), "overdue"


def build_handling(user, args, now, progress=None) -> tuple[bytes, str]:
    f = proposal_filter(args)
    lines = list_exports.handling(user, f, now)
    return export_sheets.handling_summary(lines, filter_text(f), now, progress), "handling"


def _export(kind: JobKind, build, count):
    """Small lists at once; larger ones to a worker, and the page follows its progress."""
    now = utcnow()
    args = request.args.to_dict()
    if count(current_user, args, now) > ASYNC_ROWS:
        job = desk_jobs.queue_export(current_user, kind, args, now)
        return redirect(url_for("desk_jobs.show", job_id=job.id))
    content, stem = build(current_user, args, now)
    return _download(content, stem)


def _count_proposals(user, args, now) -> int:
    return list_exports.count_proposals(user, proposal_filter(args), now)


def _bureau_user():
    if not (current_user.has_role(Role.OFFICE) or current_user.bureau_id):
        abort(403)


@bp.get("/proposals/export.xlsx")
def proposals_xlsx():
    return _export(JobKind.EXPORT_PROPOSALS, build_proposals, _count_proposals)


@bp.get("/bureau/assignments.xlsx")
def assignments_xlsx():
    _bureau_user()
    return _export(JobKind.EXPORT_ASSIGNMENTS, build_assignments, list_exports.count_assignments)


@bp.get("/office/overdue.xlsx")
def overdue_xlsx():
    _bureau_user()
    return _export(JobKind.EXPORT_OVERDUE, build_overdue, lambda *a: 0)  # overdue lists stay short


@bp.get("/office/handling.xlsx")
def handling_xlsx():
    if not current_user.has_role(Role.OFFICE):
        abort(403)
    return _export(JobKind.EXPORT_HANDLING, build_handling, _count_proposals)


BUILDERS = {
    JobKind.EXPORT_PROPOSALS: build_proposals, JobKind.EXPORT_ASSIGNMENTS: build_assignments,
    JobKind.EXPORT_OVERDUE: build_overdue, JobKind.EXPORT_HANDLING: build_handling,
}
