"""Administration: users, bureaus, sessions, categories, reasons, calendar, settings.

One blueprint for admins only; each concept's routes live in a module of their own, imported at
the end of this file so that they register on `bp`."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from workflow.admin.forms import ActionForm
from workflow.extensions import db
from workflow.models import Bureau, Category, Clock, NotFiledReason, Role, Session, User
from workflow.services import calendar as calendar_service

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    if not current_user.has_role(Role.ADMIN):
        abort(403)


def require_button() -> None:
    """POST-only buttons carry nothing but the CSRF token; refuse the request without it."""
    if not ActionForm().validate_on_submit():
        abort(400)


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


@bp.get("/")
def index():
    years = calendar_service.covered_years()
    counts = {
        "users": count(User), "active_users": count(User, User.active.is_(True)),
        "bureaus": count(Bureau), "active_bureaus": count(Bureau, Bureau.active.is_(True)),
        "sessions": count(Session, Session.active.is_(True)),
        "categories": count(Category, Category.active.is_(True)),
        "reasons": count(NotFiledReason, NotFiledReason.active.is_(True)),
        "provisional": count(Clock, Clock.stopped_at.is_(None), Clock.provisional.is_(True)),
    }
    return render_template("admin/index.html", counts=counts, last_year=years[0].year if years else None)


from workflow.admin import (  # noqa: E402,F401
    bureaus,
    calendar,
    lists,
    notifications,
    precheck,
    reply_settings,
    sessions,
    settings,
    sms,
    users,
)
