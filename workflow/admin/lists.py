"""Admin screens for the ordered lists: categories per channel (分类) and not-filed reasons."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from workflow.admin.forms import ListItemForm
from workflow.admin.routes import bp, require_button
from workflow.clock import utcnow
from workflow.labels import CHANNEL_LABELS
from workflow.services import directory
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors, claim_once, flash_error, repeated_redirect

KINDS = {"categories": "category", "reasons": "reason"}
TITLES = {"categories": _l("Categories"), "reasons": _l("Not-filed reasons")}
FIELD_LABELS = {"categories": _l("New category"), "reasons": _l("New reason")}
LIST_URL = "/<any(categories, reasons):plural>"


@bp.get(LIST_URL)
def list_page(plural: str):
    return _render(plural, {})


@bp.post(LIST_URL + "/add")
def add_item(plural: str):
    channel = request.args.get("channel") if plural == "categories" else None
    if plural == "categories" and channel not in CHANNEL_LABELS:
        abort(404)
    form = ListItemForm(prefix=channel or "reason")
    if form.validate_on_submit():
        repeated = claim_once()
        if repeated is not None:
            return repeated_redirect(repeated, url_for("admin.list_page", plural=plural))
        try:
            directory.add_item(current_user, KINDS[plural], form.text.data, utcnow(), channel=channel)
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Added “%(text)s”.", text=form.text.data.strip()), "success")
            return redirect(url_for("admin.list_page", plural=plural))
    return _render(plural, {channel or "reason": form})


@bp.route(LIST_URL + "/<int:item_id>", methods=["GET", "POST"])
def edit_item(plural: str, item_id: int):
    kind = KINDS[plural]
    item = directory.get_item(kind, item_id)
    text = getattr(item, directory.LISTS[kind].text_attr)
    form = ListItemForm(data={"text": text} if request.method == "GET" else None)
    form.text.label.text = _("Name") if plural == "categories" else _("Reason")
    if form.validate_on_submit():
        try:
            directory.rename_item(current_user, kind, item_id, form.text.data, utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.list_page", plural=plural))
    return render_template("admin/list_item_form.html", form=form, item=item, plural=plural, title=TITLES[plural])


@bp.post(LIST_URL + "/<int:item_id>/move")
def move_item(plural: str, item_id: int):
    require_button()
    step = -1 if request.form.get("step") == "up" else 1
    directory.move_item(current_user, KINDS[plural], item_id, step, utcnow())
    return redirect(url_for("admin.list_page", plural=plural))


@bp.post(LIST_URL + "/<int:item_id>/active")
def set_item_active(plural: str, item_id: int):
    require_button()
    try:
        directory.set_item_active(current_user, KINDS[plural], item_id, request.form.get("active") == "1", utcnow())
    except Invalid as exc:
        flash_error(exc)
    return redirect(url_for("admin.list_page", plural=plural))


def _render(plural: str, forms: dict[str, ListItemForm]):
    kind = KINDS[plural]
    if plural == "categories":
        keys = [(channel, CHANNEL_LABELS[channel]) for channel in ("cppcc", "npc")]
    else:
        keys = [("reason", None)]
    groups = []
    for key, heading in keys:
        channel = key if plural == "categories" else None
        form = forms.get(key) or ListItemForm(prefix=key, formdata=None)
        form.text.label.text = FIELD_LABELS[plural]
        groups.append({
            "channel": channel, "heading": heading, "form": form,
            "items": directory.list_items(kind, channel),
        })
    return render_template(
        "admin/lists.html", plural=plural, title=TITLES[plural], groups=groups, text_attr=directory.LISTS[kind].text_attr,
    )
