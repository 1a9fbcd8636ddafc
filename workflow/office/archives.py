"""The office's archive page: start an archive of a session, follow its state, download the ZIP."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Role, Session
from workflow.services import archives
from workflow.services.errors import ServiceError
from workflow.web_forms import flash_error, run_button

bp = Blueprint("archives", __name__, url_prefix="/office/archives")


@bp.before_request
@login_required
def _office_only():
    if not current_user.has_role(Role.OFFICE):
        abort(403)


@bp.get("/")
def index():
    sessions = db.session.execute(
        select(Session).order_by(Session.active.desc(), Session.year.desc(), Session.channel, Session.id)
    ).scalars().all()
    return render_template("office/archives.html", sessions=sessions, archives=archives.archives_of(current_user))


@bp.post("/sessions/<int:session_id>")
def start(session_id: int):
    # CSRFProtect has checked the token already, as on every POST.
    run_button(lambda: archives.request_archive(current_user, session_id, utcnow()),
               _("Archive queued. This page shows when it is ready."))
    return redirect(url_for("archives.index"))


@bp.get("/<int:archive_id>/download")
def download(archive_id: int):
    try:
        path, name = archives.download(current_user, archive_id)
    except ServiceError as exc:
        flash_error(exc)
        return redirect(url_for("archives.index"))
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=name)
