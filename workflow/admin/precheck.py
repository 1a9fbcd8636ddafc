"""Admin screen of the pre-check rules (issue 11): each switched on or off, the minimum length."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workflow.admin.routes import bp
from workflow.clock import utcnow
from workflow.domain.precheck import Rule
from workflow.services import precheck
from workflow.services.errors import Invalid


@bp.route("/precheck", methods=["GET", "POST"])
def precheck_rules():
    errors: dict[str, str] = {}
    if request.method == "POST":
        changes = {}
        for rule in Rule:
            raw = request.form.get(f"{rule.value}-parameter", "").strip()
            parameter = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else None
            changes[rule.value] = (request.form.get(f"{rule.value}-active") == "y", parameter)
        try:
            precheck.save(current_user, changes, utcnow())
        except Invalid as exc:
            errors = exc.errors
            flash(_("Nothing was saved: correct the marked rule."), "error")
        else:
            flash(_("Pre-check rules saved."), "success")
            return redirect(url_for("admin.precheck_rules"))
    return render_template("admin/precheck.html", rules=precheck.settings(), labels_=precheck.RULE_LABELS,
                           errors=errors, form_values=request.form if errors else None)
