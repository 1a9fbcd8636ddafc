"""Admin screen for the settings: the statutory periods and "contact before reply"."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workflow.admin.forms import SettingsForm, period_field
from workflow.admin.routes import bp
from workflow.clock import utcnow
from workflow.domain.clocks import ClockKind
from workflow.periods import shown
from workflow.services import settings as settings_service
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors

# The service names a period "period.reply"; the form field is period_reply.
ALIASES = {f"period.{kind}": f"period_{kind}" for kind in ClockKind}
ALIASES["reminder.offsets"] = "reminder_offsets"
ALIASES[settings_service.KEY_REPLY_PERIOD] = "period_reply_key"
# The rows of the periods' table: each clock, and the key items' reply period after the reply's.
PERIOD_ROWS = [str(kind) for kind in ClockKind]
PERIOD_ROWS.insert(PERIOD_ROWS.index(ClockKind.REPLY) + 1, "reply_key")


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    current = settings_service.current()
    form = SettingsForm(data=_form_data(current) if request.method == "GET" else None)
    if form.validate_on_submit():
        values: dict[str, object] = {key: period_field(form, key.removeprefix("period.")).data.strip()
                                     for key in settings_service.PERIOD_KEYS}
        values[settings_service.KEY_REPLY_PERIOD] = (form.period_reply_key.data or "").strip()
        values["contact_before_reply"] = bool(form.contact_before_reply.data)
        if (form.reminder_offsets.data or "").strip():
            values["reminder.offsets"] = form.reminder_offsets.data
        try:
            changes = settings_service.save(current_user, values, utcnow())
        except Invalid as exc:
            apply_errors(form, exc, ALIASES)
        else:
            flash(_("Settings saved. New periods apply to clocks started from now on.") if changes
                  else _("Nothing changed."), "success")
            return redirect(url_for("admin.settings"))
    periods = [(kind, period_field(form, kind)) for kind in PERIOD_ROWS]
    return render_template("admin/settings.html", form=form, periods=periods)


def _form_data(current: dict[str, object]) -> dict[str, object]:
    data: dict[str, object] = {f"period_{kind}": shown(current[f"period.{kind}"]) for kind in ClockKind}
    data["period_reply_key"] = shown(current[settings_service.KEY_REPLY_PERIOD])
    data["contact_before_reply"] = bool(current["contact_before_reply"])
    data["reminder_offsets"] = ", ".join(str(n) for n in current["reminder.offsets"])
    return data
