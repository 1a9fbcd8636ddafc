"""Admin screens for sessions (会次) and their number formats."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from workflow.admin.forms import SessionForm
from workflow.admin.routes import bp
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Proposal, Session
from workflow.services import directory
from workflow.services.directory import SessionInput
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors, claim_once, repeated_redirect


@bp.get("/sessions")
def sessions():
    query = select(Session).order_by(Session.active.desc(), Session.year.desc(), Session.channel, Session.id)
    rows = db.session.execute(query).scalars().all()
    totals = select(Proposal.session_id, func.count(Proposal.id)).group_by(Proposal.session_id)
    return render_template("admin/sessions.html", sessions=rows, proposals=dict(db.session.execute(totals).all()))


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    return _form_page(None)


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def edit_session(session_id: int):
    return _form_page(directory.get_session(session_id))


def _form_page(row: Session | None):
    form = SessionForm(obj=row if request.method == "GET" else None)
    if request.method == "GET" and row is None:
        form.number_format.data = "第{n}号"
    if form.validate_on_submit():
        data = SessionInput(
            channel=form.channel.data, name=form.name.data, term=form.term.data, meeting=form.meeting.data,
            year=form.year.data, number_format=form.number_format.data, active=form.active.data,
            progress_public=form.progress_public.data,
        )
        repeated = claim_once()
        if repeated is not None:
            return repeated_redirect(repeated, url_for("admin.sessions"))
        try:
            saved = directory.save_session(current_user, row.id if row else None, data, utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Session %(name)s saved.", name=saved.name), "success")
            return redirect(url_for("admin.sessions"))
    return render_template("admin/session_form.html", form=form, row=row)
