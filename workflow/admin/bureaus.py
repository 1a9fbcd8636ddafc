"""Admin screens for bureaus (承办单位)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from workflow.admin.forms import BureauForm
from workflow.admin.routes import bp
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Bureau, User
from workflow.services import bureaus as bureau_service
from workflow.services.bureaus import BureauInput
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors, claim_once, repeated_redirect


@bp.get("/bureaus")
def bureaus():
    members = (
        select(User.bureau_id, func.count(User.id)).where(User.bureau_id.is_not(None), User.active.is_(True))
        .group_by(User.bureau_id)
    )
    counts = dict(db.session.execute(members).all())
    rows = db.session.execute(select(Bureau).order_by(Bureau.active.desc(), Bureau.code)).scalars().all()
    return render_template("admin/bureaus.html", bureaus=rows, members=counts)


@bp.route("/bureaus/new", methods=["GET", "POST"])
def new_bureau():
    return _form_page(None)


@bp.route("/bureaus/<int:bureau_id>", methods=["GET", "POST"])
def edit_bureau(bureau_id: int):
    return _form_page(bureau_service.get_bureau(bureau_id))


def _form_page(bureau: Bureau | None):
    form = BureauForm(obj=bureau if request.method == "GET" else None)
    if form.validate_on_submit():
        data = BureauInput(
            code=form.code.data, name=form.name.data, short_name=form.short_name.data,
            credit_code=form.credit_code.data, prefix_cppcc=form.prefix_cppcc.data, prefix_npc=form.prefix_npc.data,
            active=form.active.data, co_opinion_signoff=form.co_opinion_signoff.data, duties=form.duties.data,
            keywords=form.keywords.data,
        )
        repeated = claim_once()
        if repeated is not None:
            return repeated_redirect(repeated, url_for("admin.bureaus"))
        try:
            saved = bureau_service.save_bureau(current_user, bureau.id if bureau else None, data, utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Bureau %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("admin.bureaus"))
    return render_template("admin/bureau_form.html", form=form, bureau=bureau)
