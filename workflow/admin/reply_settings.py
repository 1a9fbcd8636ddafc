"""Admin screen for the settings of the reply workflow (SPEC 3.3, 3.4): resolution categories and
title templates per channel, co-signature, opinion sign-off, feedback per aspect."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length

from workflow.admin.routes import bp
from workflow.clock import utcnow
from workflow.domain.lifecycle import Channel
from workflow.domain.resolution import from_setting, to_lines
from workflow.services import settings as settings_service
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors

BOOLEANS = ("co_signature_before_approval", "co_opinion_signoff", "feedback_aspects")


class ReplySettingsForm(FlaskForm):
    co_signature_before_approval = BooleanField(_l("Co bureaus co-sign the final draft before approval (协办会签)"))
    co_opinion_signoff = BooleanField(
        _l("A co bureau's leader signs its opinion off before the lead bureau gets it"),
        description=_l("The default: each bureau may choose otherwise (Administration → Bureaus)."),
    )
    feedback_aspects = BooleanField(_l("Proposers rate the attitude and the result separately"))
    categories_cppcc = TextAreaField(_l("Resolution categories, CPPCC"), validators=[Length(max=2000)])
    categories_npc = TextAreaField(_l("Resolution categories, NPC"), validators=[Length(max=2000)])
    title_cppcc = StringField(_l("Reply title, CPPCC"), validators=[Length(max=200)])
    title_npc = StringField(_l("Reply title, NPC"), validators=[Length(max=200)])


# The service's keys and the form's fields.
ALIASES = {
    **{key: key for key in BOOLEANS},
    **{f"resolution_categories.{c}": f"categories_{c}" for c in Channel},
    **{f"reply_title.{c}": f"title_{c}" for c in Channel},
}


@bp.route("/settings/replies", methods=["GET", "POST"])
def reply_settings():
    form = ReplySettingsForm(data=_current() if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {key: getattr(form, field).data for key, field in ALIASES.items()}
        try:
            changes = settings_service.save(current_user, values, utcnow())
        except Invalid as exc:
            apply_errors(form, exc, ALIASES)
        else:
            flash(_("Settings saved.") if changes else _("Nothing changed."), "success")
            return redirect(url_for("admin.reply_settings"))
    return render_template("admin/reply_settings.html", form=form)


def _current() -> dict:
    data: dict = {key: bool(settings_service.get(key)) for key in BOOLEANS}
    for channel in Channel:
        data[f"categories_{channel}"] = to_lines(from_setting(settings_service.get(f"resolution_categories.{channel}")))
        data[f"title_{channel}"] = settings_service.get(f"reply_title.{channel}")
    return data
