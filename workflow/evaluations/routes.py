"""/evaluations: the year-end evaluations. The bureaus' scores for a session (ranked, with their
parts, the office's formula, XLSX), and the members' records (履职档案) for a session or a term
(the office's table, each member's own record, XLSX)."""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.domain.scores import Formula
from workflow.evaluations.forms import FormulaForm
from workflow.evaluations.workbook import workbook
from workflow.extensions import db
from workflow.labels import RATING_LABELS
from workflow.models import Session
from workflow.services import access, member_records, scores, settings
from workflow.services.errors import Invalid, ServiceError
from workflow.terms import term
from workflow.web_forms import apply_errors, flash_error

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")
bp.before_request(login_required(lambda: None))

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PART_LABELS = {
    "on_time": _l("On time"), "contact": _l("Contact before reply"), "satisfaction": _l("Satisfaction"),
    "category": _l("Resolution categories"), "rehandling": _l("Re-handling"), "overdue": _l("Overdue days"),
}
RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")


def _office_only() -> None:
    if not access.sees_everything(current_user):
        abort(403)


def _sessions() -> list[Session]:
    return db.session.execute(select(Session).order_by(Session.year.desc(), Session.channel, Session.id)).scalars().all()


def _session_arg(sessions: list[Session]) -> Session | None:
    raw = request.args.get("session", "")
    chosen = next((s for s in sessions if raw.isascii() and raw.isdigit() and s.id == int(raw)), None)
    return chosen or (sessions[0] if sessions else None)


def _share(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


# Bureau scores -------------------------------------------------------------------------------

def _scores():
    _office_only()
    sessions = _sessions()
    session = _session_arg(sessions)
    rows = scores.bureau_scores(current_user, session.id, utcnow()) if session else []
    return sessions, session, rows


@bp.get("/bureaus")
def bureaus():
    sessions, session, rows = _scores()
    return render_template("evaluations/bureaus.html", sessions=sessions, session=session, rows=rows,
                           formula=scores.formula(), parts=PART_LABELS, share=_share)


@bp.get("/bureaus.xlsx")
def bureaus_xlsx():
    sessions, session, rows = _scores()
    if session is None:
        abort(404)
    headers = [_("Rank"), _("Bureau"), *(_("%(part)s (share)", part=PART_LABELS[p]) for p in ("on_time", "contact",
               "satisfaction", "category")), _("Base"), _("Deduction: re-handling"), _("Deduction: overdue days"),
               _("Score"), _("Answering assignments"), _("Replies sent"), _("Re-handled"), _("Overdue days")]
    data = []
    for row in rows:
        parts = [float(p.share) if p.share is not None else "—" for p in row.score.parts]
        data.append([row.rank if row.rank is not None else "—", row.bureau.name, *parts,
                     _num(row.score.base), float(row.score.deductions[0].points), float(row.score.deductions[1].points),
                     _num(row.score.total), row.facts.assigned, row.facts.sent, row.facts.rehandled,
                     row.facts.overdue_days])
    title = _("Bureau scores: %(session)s, as of %(day)s", session=session.name, day=local_date(utcnow()).isoformat())
    content = workbook(_("Bureau scores"), title, headers, data, {2: 28})
    return _download(content, f"bureau-scores-{session.id}.xlsx")


@bp.route("/formula", methods=["GET", "POST"])
def formula():
    _office_only()
    current = scores.formula()
    form = FormulaForm(data=current.__dict__ if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {name: float(getattr(form, name).data) for name in Formula.__dataclass_fields__}
        try:
            scores.save_formula(current_user, values, utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        except ServiceError as exc:
            flash_error(exc)
        else:
            flash(_("The formula is saved; the scores follow it."), "success")
            return redirect(url_for("evaluations.bureaus"))
    return render_template("evaluations/formula.html", form=form)


# Members' records ------------------------------------------------------------------------------

def _scope() -> member_records.Scope | None:
    raw_term = request.args.get("term", "")
    raw_session = request.args.get("session", "")
    try:
        if raw_term:
            channel, _sep, number = raw_term.partition("-")
            if not (number.isascii() and number.isdigit()) or len(number) > 4:
                abort(404)
            return member_records.scope_for(channel=channel, term=int(number))
        if raw_session:
            if not (raw_session.isascii() and raw_session.isdigit()) or len(raw_session) > 9:
                abort(404)
            return member_records.scope_for(session_id=int(raw_session))
    except ServiceError:
        abort(404)
    found = [s for s in member_records.scopes() if not s.whole_term]
    return found[0] if found else None


def _categories(scope) -> list:
    return list(settings.resolution_categories(scope.channel)) if scope else []


@bp.get("/members")
def members():
    _office_only()
    scope = _scope()
    rows = member_records.records(current_user, scope) if scope else []
    return render_template("evaluations/members.html", scope=scope, scopes=member_records.scopes(), rows=rows,
                           categories=_categories(scope), ratings=RATINGS, rating_labels=RATING_LABELS,
                           person=term(scope.channel if scope else None, "person"))


@bp.get("/members.xlsx")
def members_xlsx():
    _office_only()
    scope = _scope()
    if scope is None:
        abort(404)
    rows = member_records.records(current_user, scope)
    categories = _categories(scope)
    headers = [term(scope.channel, "person"), term(scope.channel, "group"), _("Written"), _("Led (joint)"),
               _("Written alone"), _("Co-signed"), _("Seconded"), _("Filed"), _("Not filed"),
               *(_("Category %(code)s", code=c.code) for c in categories),
               *(str(RATING_LABELS[r]) for r in RATINGS)]
    data = [[r.user.name, r.user.group_name or "", r.written, r.led, r.alone, r.cosigned, r.seconded, r.filed,
             r.not_filed, *(r.categories.get(c.code, 0) for c in categories), *(r.ratings.get(x, 0) for x in RATINGS)]
            for r in rows]
    title = _("Records of %(people)s: %(scope)s, as of %(day)s", people=term(scope.channel, "person"),
              scope=scope.label, day=local_date(utcnow()).isoformat())
    content = workbook(_("Records"), title, headers, data, {1: 14, 2: 18})
    return _download(content, "member-records.xlsx")


@bp.get("/members/<int:user_id>")
def member(user_id: int):
    scope = _scope()
    if scope is None:
        abort(404)
    try:
        [record] = member_records.records(current_user, scope, user_id)
        proposals = member_records.items(current_user, scope, user_id)
    except ServiceError as exc:
        abort(exc.status)
    return render_template("evaluations/member.html", scope=scope, scopes=member_records.scopes(), record=record,
                           proposals=proposals, categories=_categories(scope), ratings=RATINGS,
                           rating_labels=RATING_LABELS)


@bp.get("/mine")
def mine():
    """A member's own record, for their channel's latest session."""
    own = [s for s in member_records.scopes() if s.channel == current_user.channel and not s.whole_term]
    if not own:
        abort(404)
    return redirect(url_for("evaluations.member", user_id=current_user.id, session=own[0].session_ids[0]))


def _num(value: Decimal | None):
    return "—" if value is None else float(value)


def _download(content: bytes, filename: str) -> Response:
    return Response(content, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
