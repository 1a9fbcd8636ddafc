"""Admin screens for user accounts: list, create, edit, activate, reset the password."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from workflow.admin.forms import PasswordForm, UserCreateForm, UserFilterForm, UserForm
from workflow.admin.routes import bp, require_button
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Bureau, User, UserRole
from workflow.services import directory
from workflow.services.directory import UserInput
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors, claim_once, flash_error, repeated_redirect

PAGE_SIZE = 50


@bp.get("/users")
def users():
    form = UserFilterForm(request.args)
    form.bureau.choices = [("", _("All bureaus"))] + _bureau_choices()
    query = select(User).options(selectinload(User.bureau)).order_by(User.active.desc(), User.username)
    if form.q.data and form.q.data.strip():
        needle = f"%{form.q.data.strip().lower()}%"
        query = query.where(or_(func.lower(User.username).like(needle), func.lower(User.name).like(needle)))
    if form.role.data:
        query = query.where(User.role_rows.any(UserRole.role == form.role.data))
    if form.bureau.data:
        query = query.where(User.bureau_id == form.bureau.data)
    if form.status.data in ("active", "inactive"):
        query = query.where(User.active.is_(form.status.data == "active"))
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = UserCreateForm()
    form.bureau.choices = [("", "—")] + _bureau_choices()
    if form.validate_on_submit():
        repeated = claim_once()
        if repeated is not None:
            return repeated_redirect(repeated, url_for("admin.users"))
        try:
            user = directory.create_user(current_user, form.username.data, form.password.data, _input(form), utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = directory.get_user(user_id)
    form = UserForm(data=None if request.method == "POST" else _data(user))
    form.bureau.choices = [("", "—")] + _bureau_choices()
    if form.validate_on_submit():
        try:
            directory.update_user(current_user, user_id, _input(form), utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Saved. The changes count from the user's next page."), "success")
            return redirect(url_for("admin.edit_user", user_id=user_id))
    return _edit_page(user, form, PasswordForm(formdata=None))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int):
    require_button()
    active = request.form.get("active") == "1"
    try:
        user = directory.set_user_active(current_user, user_id, active, utcnow())
    except Invalid as exc:
        flash_error(exc)
    else:
        flash(_("%(name)s can log in again.", name=user.username) if active
              else _("%(name)s is deactivated and logged out.", name=user.username), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id: int):
    user = directory.get_user(user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            directory.reset_password(current_user, user_id, form.password.data, utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Password changed; the user's API tokens are revoked."), "success")
            return redirect(url_for("admin.edit_user", user_id=user_id))
    profile = UserForm(formdata=None, data=_data(user))
    profile.bureau.choices = [("", "—")] + _bureau_choices()
    return _edit_page(user, profile, form)


def _edit_page(user: User, form: UserForm, password_form: PasswordForm):
    return render_template("admin/user_form.html", form=form, user=user, password_form=password_form)


def _bureau_choices() -> list[tuple[int, str]]:
    bureaus = db.session.execute(select(Bureau).order_by(Bureau.active.desc(), Bureau.code)).scalars()
    return [(b.id, b.name if b.active else _("%(name)s (inactive)", name=b.name)) for b in bureaus]


def _data(user: User) -> dict:
    return {
        "name": user.name, "email": user.email, "mobile": user.mobile, "roles": sorted(user.roles),
        "bureau": user.bureau_id,
        "principal_leader": user.principal_leader, "channel": user.channel or "", "group_name": user.group_name,
        "group_prefix": user.group_prefix,
    }


def _input(form: UserForm) -> UserInput:
    return UserInput(
        name=form.name.data, roles=form.roles.data or [], email=form.email.data, mobile=form.mobile.data,
        bureau_id=form.bureau.data,
        channel=form.channel.data, group_name=form.group_name.data, group_prefix=form.group_prefix.data,
        principal_leader=form.principal_leader.data,
    )
