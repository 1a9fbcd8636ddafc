"""Administration: users, bureaus, sessions, categories, reasons, calendar, settings."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from workflow.models import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    if not current_user.has_role(Role.ADMIN):
        abort(403)


@bp.get("/")
def index():
    return render_template("admin/index.html")
