"""The publishing screens (SPEC 3.5): the list of public replies waiting for publication with
their publication clock, publishing one or many, the masked preview where the approver or the
office marks more spans by hand, withdrawal, and publishing a withdrawn reply again after its
marks are corrected in the same preview."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.domain import highlight
from workflow.domain.batch import BatchMode
from workflow.domain.clocks import ClockKind
from workflow.domain.filetypes import TYPES
from workflow.domain.lifecycle import Channel
from workflow.domain.publication import PUBLICATION, AttachmentMode, Publisher, clean_phrases
from workflow.extensions import db
from workflow.labels import CHANNEL_LABELS
from workflow.models import Bureau, Publication, Role, Session
from workflow.public.forms import BatchPublishForm, DueFilterForm, PublicationSettingsForm, PublishForm, WithdrawForm
from workflow.services import publication, publication_files, publication_queries, publication_settings
from workflow.services.errors import ChangedMeanwhile, Invalid, ServiceError, StateConflict
from workflow.services.publication_queries import PublishingFilter
from workflow.services.reply_access import get_reply, sees_inside
from workflow.web_forms import apply_errors, flash_error, int_arg, run_button, small_int, submit_form

bp = Blueprint("publishing", __name__, url_prefix="/publishing")
bp.before_request(login_required(lambda: None))

@bp.get("/")
def index():
    if not publication_queries.may_use(current_user):
        abort(403)
    show = request.args.get("show") if request.args.get("show") in publication_queries.SHOW else "due"
    channel = request.args.get("channel")
    filters = PublishingFilter(
        show=show, session=int_arg("session"), bureau=int_arg("bureau"),
        channel=channel if channel in set(Channel) else None, page=int_arg("page") or 1,
    )
    now = utcnow()
    if show == "due":
        page = publication_queries.due(current_user, filters, now)
    else:
        page = publication_queries.publications(current_user, filters)
    batch = BatchPublishForm()
    return render_template("public/publishing.html", page=page, filters=filters, form=_filter_form(),
                           batch=batch, may_publish=_may_publish_any())


@bp.post("/batch")
def batch():
    form = BatchPublishForm()
    ids = [n for n in map(small_int, request.form.getlist("reply_ids")) if n is not None]
    if not form.validate_on_submit() or not ids:
        flash(_("Choose the replies to publish."), "error")
        return redirect(url_for("publishing.index", **_list_args()))
    mode = BatchMode(form.mode.data)
    result = publication.publish_many(current_user, ids, utcnow(), topic=form.topic.data, mode=mode)
    if mode == BatchMode.ALL_OR_NOTHING and result.refused and not result.published:
        flash(_("Nothing was published, as chosen, because some replies would be refused."), "error")
    if result.published:
        flash(ngettext("%(num)d reply published.", "%(num)d replies published.", len(result.published)), "success")
    for reply_id, message in result.refused:
        flash(_("Reply %(id)d was not published: %(why)s", id=reply_id, why=message), "error")
    return redirect(url_for("publishing.index", **_list_args()))


@bp.route("/replies/<int:reply_id>", methods=["GET", "POST"])
def preview(reply_id: int):
    reply = get_reply(current_user, reply_id)
    row = publication.publication_of(reply.id)
    if row is not None:
        return render_template("public/publication.html", reply=reply, row=row, form=WithdrawForm(),
                               actions=_actions(reply), inside=sees_inside(current_user, reply))
    return _masked_form(reply, None)


@bp.get("/replies/<int:reply_id>/files/<int:attachment_id>/masked")
def masked_attachment(reply_id: int, attachment_id: int):
    """The masked copy of an attachment as the portal would offer it, for checking before publishing."""
    filename, copy = publication.preview_attachment(current_user, reply_id, attachment_id)
    return send_file(io.BytesIO(copy.data), mimetype=TYPES[copy.kind].mimetype, as_attachment=True,
                     download_name=filename)


@bp.route("/publications/<int:publication_id>/republish", methods=["GET", "POST"])
def republish(publication_id: int):
    """The masked preview of a withdrawn reply: correct the marks, then publish it again."""
    row = db.session.get(Publication, publication_id)
    if row is None:
        abort(404)
    reply = get_reply(current_user, row.reply_id)
    if request.method == "GET" and not row.withdrawn:
        return redirect(url_for("publishing.preview", reply_id=reply.id))
    return _masked_form(reply, row)


def _masked_form(reply, row: Publication | None):
    """The masked preview with the marks and the publishing fields: for the first publication
    (row None), or for publishing the withdrawn row again."""
    form = PublishForm()
    form.attachment_ids.choices = [(a.id, a.filename) for a in reply.attachments]
    actions = _actions(reply)
    publish_action = "publish" if row is None else "republish"
    if request.method == "GET":
        form.phrases.data = "\n".join(publication.stored_phrases(reply.id))
        form.topic.data = row.topic if row else str(publication.setting(f"publication.topic.{reply.proposal.channel}"))
        form.attachment_ids.data = list(row.attachment_ids) if row else [a.id for a in reply.attachments]
    phrases = clean_phrases(form.phrases.data) if request.method == "POST" else None
    action = request.form.get("action") if request.form.get("action") in ("save", publish_action) else "preview"
    here = url_for("publishing.republish", publication_id=row.id) if row else url_for(
        "publishing.preview", reply_id=reply.id)
    if form.validate_on_submit() and action != "preview":
        try:
            if action == "save":
                publication.save_marks(current_user, reply.id, phrases, utcnow())
                flash(_("Marks saved; they are applied when the reply is published."), "success")
                return redirect(here)
            publish = publication.publish if row is None else publication.republish
            done = publish(current_user, reply.id, utcnow(), topic=form.topic.data,
                           attachment_ids=form.attachment_ids.data or [], phrases=phrases)
        except Invalid as exc:
            apply_errors(form, exc)
        except ServiceError as exc:
            flash_error(exc)
            if row is not None and isinstance(exc, (StateConflict, ChangedMeanwhile)):  # published again meanwhile
                return redirect(url_for("publishing.preview", reply_id=reply.id))
        else:
            message = (_("Published with index number %(number)s.", number=done.index_number) if row is None
                       else _("Published again with index number %(number)s.", number=done.index_number))
            flash(message, "success")
            return redirect(url_for("publishing.preview", reply_id=reply.id))
    try:
        shown = publication.preview(current_user, reply.id, phrases)
    except Invalid as exc:
        apply_errors(form, exc)
        shown = publication.preview(current_user, reply.id, [])
    lines = highlight.masked_lines(shown.letter.original.document, shown.letter.spans)
    return render_template("public/preview.html", reply=reply, row=row, form=form, preview=shown, lines=lines,
                           actions=actions, publish_action=publish_action, kinds=_span_counts(shown),
                           attachments=_attachment_offers(reply))


@bp.post("/publications/<int:publication_id>/withdraw")
def withdraw(publication_id: int):
    form = WithdrawForm()
    row = db.session.get(Publication, publication_id)
    if row is None:
        abort(404)
    if form.validate_on_submit():
        run_button(lambda: publication.withdraw(current_user, publication_id, form.reason.data, utcnow()),
                   _("The publication is withdrawn; the public page says so."))
    else:
        flash(_("Say why the publication is withdrawn; the log keeps it."), "error")
    return redirect(url_for("publishing.preview", reply_id=row.reply_id))


@bp.app_template_global()
def reply_publication(reply) -> dict | None:
    """For a reply's page: its publication, the running publication clock's due date and what the
    user may do; None when the reply is not a sent public one."""
    if not publication.is_publishable(reply):
        return None
    running = sorted((c for c in reply.assignment.clocks if c.kind == ClockKind.PUBLICATION and c.running),
                     key=lambda c: c.due_date)
    return {"row": publication.publication_of(reply.id), "due": running[0].due_date if running else None,
            "due_provisional": running[0].provisional if running else False, "actions": _actions(reply)}


# The form's fields and the settings they hold.
SETTING_FIELDS = {
    "publisher": "publication.publisher", "index_format": "publication.index_format",
    "masking": "publication.masking", "keep_email_domains": "publication.keep_email_domains",
    "attachments": "publication.attachments",
    "topic_cppcc": "publication.topic.cppcc", "topic_npc": "publication.topic.npc",
}


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    if not current_user.has_role(Role.ADMIN):
        abort(403)
    if request.method == "GET":
        values = publication_settings.current()
        data = {name: values[key] for name, key in SETTING_FIELDS.items()}
        data["keep_email_domains"] = ", ".join(values["publication.keep_email_domains"])
        form = PublicationSettingsForm(data=data)
    else:
        form = PublicationSettingsForm()

    def call():
        values = {key: getattr(form, name).data for name, key in SETTING_FIELDS.items()}
        values["publication.masking"] = bool(form.masking.data)
        return publication_settings.save(current_user, values, utcnow())

    return submit_form(
        form, call, lambda changes: _("Settings saved.") if changes else _("Nothing changed."),
        url_for("publishing.settings"), aliases={key: name for name, key in SETTING_FIELDS.items()},
    ) or render_template("public/settings.html", form=form)


def _actions(reply) -> list[str]:
    if not publication.is_publishable(reply):
        return []
    state = publication.state_of(reply)
    return PUBLICATION.available(state, publication.roles(current_user, reply))


def _may_publish_any() -> bool:
    mode = publication.setting("publication.publisher")
    if current_user.has_role(Role.OFFICE):
        return mode == Publisher.OFFICE
    return mode == Publisher.BUREAU


def _attachment_offers(reply) -> dict:
    """What the portal will offer of each attachment: a masked copy, a masked text copy (PDF), or
    nothing (images; every file when the setting publishes none)."""
    mode = publication_files.mode()
    return {
        "published": mode == AttachmentMode.MASKED,
        "offers": {a.id: (publication_files.offered_kind(a) and mode == AttachmentMode.MASKED, a.kind == "pdf")
                   for a in reply.attachments},
    }


def _span_counts(shown) -> dict[str, int]:
    counts: dict[str, int] = {}
    for span in shown.letter.spans:
        counts[span.kind] = counts.get(span.kind, 0) + 1
    return counts


def _list_args() -> dict:
    return {k: v for k, v in request.args.items() if k in ("show", "session", "bureau", "channel", "page")}


def _filter_form() -> DueFilterForm:
    form = DueFilterForm(request.args)
    form.show.choices = [("due", _("Waiting for publication")), ("published", _("Published")),
                         ("withdrawn", _("Withdrawn"))]
    sessions = db.session.execute(select(Session).order_by(Session.year.desc(), Session.id)).scalars()
    form.session.choices = [("", _("All sessions"))] + [(str(s.id), s.name) for s in sessions]
    bureaus = db.session.execute(select(Bureau).where(Bureau.active.is_(True)).order_by(Bureau.name)).scalars()
    form.bureau.choices = [("", _("All bureaus"))] + [(str(b.id), b.name) for b in bureaus]
    form.channel.choices = [("", _("All channels"))] + [(c, str(v)) for c, v in CHANNEL_LABELS.items()]
    return form

