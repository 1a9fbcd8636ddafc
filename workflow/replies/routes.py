"""Reply pages: reading a reply, the draft editor, comparing versions, the letter, attachments."""
from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from workflow.clock import utcnow
from workflow.domain import richtext
from workflow.domain.assignment import ASSIGNMENT
from workflow.domain.reply import EDITABLE, ReplyKind, ReplyState
from workflow.replies import views
from workflow.replies.forms import CategoryForm, FeedbackForm, NoteForm, ReplyForm, SubmitForm
from workflow.services import access, coverage, drafting, reply_access, reply_letters, settings, uploads
from workflow.services.errors import Invalid, NotFound, ServiceError, Stale
from workflow.services.handling import require_handling
from workflow.web_forms import apply_errors, flash_error, int_arg, small_int, submit_form

bp = Blueprint("replies", __name__)
bp.before_request(login_required(lambda: None))


@bp.app_template_filter("rich")
def rich(body: str | None) -> Markup:
    """A reply body as HTML: sanitized when saved, and again here, so no stored text can run."""
    # bandit B704: sanitized by nh3 (richtext) just before
    return Markup(richtext.sanitize(body or ""))  # nosec B704


@bp.get("/replies/<int:reply_id>")
def show(reply_id: int):
    reply = reply_access.get_reply(current_user, reply_id)
    actions = views.reply_actions(current_user, reply)
    category_form = CategoryForm(resolution=reply.resolution)
    category_form.resolution.choices = views.category_choices(reply.proposal.channel)
    return render_template(
        "replies/show.html", reply=reply, proposal=reply.proposal, actions=actions,
        submit_form=SubmitForm(), note_form=NoteForm(), feedback_form=FeedbackForm(), category_form=category_form,
        missing=views.missing_opinions(reply) if "submit" in actions else [],
        # Whoever submits or approves the draft reads it beside the co-handling opinions, and the
        # approver beside the proposal itself too.
        opinions=reply_access.opinions_of(current_user, reply.proposal_id) if _beside(actions) else [],
        proposal_beside="approve" in actions or "return" in actions,
        categories=dict(views.category_choices(reply.proposal.channel)),
        aspects=bool(settings.get("feedback_aspects")),
        inside=reply_access.sees_inside(current_user, reply),
        coverage=views.coverage_before_approval(current_user, reply),
    )


def _beside(actions) -> bool:
    return any(action in actions for action in ("submit", "approve", "return"))


@bp.route("/bureau/assignments/<int:assignment_id>/reply", methods=["GET", "POST"])
def start(assignment_id: int):
    """A new draft (or a follow-up reply, ?kind=follow_up), pre-filled; an existing draft opens
    in the editor instead."""
    assignment = access.get_assignment(current_user, assignment_id)
    if "save-draft" not in ASSIGNMENT.available(assignment.state, access.assignment_roles(current_user, assignment)):
        flash(_("Only a clerk of the lead or separate bureau writes the reply, once signed for."), "error")
        return redirect(url_for("proposals.show", proposal_id=assignment.proposal_id))
    kind = ReplyKind.FOLLOW_UP if request.args.get("kind") == ReplyKind.FOLLOW_UP else ReplyKind.ANSWER
    existing = drafting.current_reply(assignment, kind)
    if existing is not None and not (kind == ReplyKind.FOLLOW_UP and existing.state == ReplyState.SENT):
        target = "replies.edit" if existing.state in EDITABLE else "replies.show"
        return redirect(url_for(target, reply_id=existing.id))
    may_start = (drafting.may_follow_up(assignment) if kind == ReplyKind.FOLLOW_UP
                 else assignment.proposal.state in drafting.ANSWERING_STATES)
    if not may_start:
        flash(_("The item does not wait for a reply now."), "error")
        return redirect(url_for("handling.assignment", assignment_id=assignment.id))
    form = _form(assignment.proposal.channel)
    if request.method == "GET":
        _fill(form, drafting.prefill(current_user, assignment))
        return _editor(form, assignment, None, kind)
    return submit_form(
        form, lambda: drafting.save_draft(current_user, assignment.id, _input(form), utcnow(), kind=kind),
        lambda reply: _("Draft saved as version %(n)d.", n=len(reply.versions)),
        lambda reply: url_for("replies.show", reply_id=reply.id),
    ) or _editor(form, assignment, None, kind)


@bp.route("/replies/<int:reply_id>/edit", methods=["GET", "POST"])
def edit(reply_id: int):
    reply = reply_access.get_reply(current_user, reply_id)
    if "save" not in views.reply_actions(current_user, reply):
        flash(_("This reply cannot be edited now."), "error")
        return redirect(url_for("replies.show", reply_id=reply.id))
    form = _form(reply.proposal.channel)
    if request.method == "GET":
        _fill(form, drafting.DraftInput.of(reply))
        form.version.data = reply.version
    elif form.validate_on_submit():
        try:
            require_handling(reply.assignment)
            version = small_int(form.version.data)
            drafting.save(current_user, reply.id, _input(form), utcnow(), version)
        except Invalid as exc:
            apply_errors(form, exc)
        except Stale as exc:
            # Keep what the clerk wrote on the page; nothing was saved.
            flash(exc.message, "error")
            return _editor(form, reply.assignment, reply, reply.kind, stale=True), 409
        except ServiceError as exc:
            flash_error(exc)
        else:
            flash(_("Draft saved as version %(n)d.", n=len(reply.versions)), "success")
            return redirect(url_for("replies.show", reply_id=reply.id))
    return _editor(form, reply.assignment, reply, reply.kind)


@bp.get("/replies/<int:reply_id>/compare")
def compare(reply_id: int):
    reply = reply_access.get_reply(current_user, reply_id)
    if not reply_access.sees_inside(current_user, reply):
        raise NotFound(_("No such reply, or you may not see it."))
    if not reply.versions:
        return redirect(url_for("replies.show", reply_id=reply.id))
    last = reply.versions[-1].number
    left = views.version_by_number(reply, int_arg("a") or max(1, last - 1))
    right = views.version_by_number(reply, int_arg("b") or last)
    if left is None or right is None:
        flash(_("Choose two versions of this reply."), "error")
        return redirect(url_for("replies.compare", reply_id=reply.id))
    return render_template("replies/compare.html", reply=reply, left=left, right=right,
                           diff=views.comparison(left, right))


@bp.get("/replies/<int:reply_id>/letter.<any(docx, pdf):fmt>")
def letter(reply_id: int, fmt: str):
    data, mimetype, name = reply_letters.render(current_user, reply_id, fmt)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.get("/files/<int:attachment_id>")
def attachment(attachment_id: int):
    row = reply_access.get_attachment(current_user, attachment_id)
    return send_file(uploads.path_for(row.storage_name), mimetype=row.mimetype, as_attachment=True,
                     download_name=row.filename)


def _form(channel: str) -> ReplyForm:
    form = ReplyForm()
    form.resolution.choices = [("", "—")] + views.category_choices(channel)
    return form


def _fill(form: ReplyForm, data: drafting.DraftInput) -> None:
    for name in ("title", "salutation", "body", "resolution", "disclosure", "disclosure_reason", "contact_name",
                 "contact_phone"):
        getattr(form, name).data = getattr(data, name) or ""
    form.copy_to.data = "\n".join(data.copy_to)


def _input(form: ReplyForm) -> drafting.DraftInput:
    return drafting.DraftInput(
        title=form.title.data or "", salutation=form.salutation.data or "", body=form.body.data or "",
        resolution=form.resolution.data or None, disclosure=form.disclosure.data or None,
        disclosure_reason=form.disclosure_reason.data, contact_name=form.contact_name.data,
        contact_phone=form.contact_phone.data, copy_to=(form.copy_to.data or "").splitlines(),
        attachments=views.uploaded(), remove_attachment_ids=views.id_list("remove_attachment_ids"),
    )


def _editor(form: ReplyForm, assignment, reply, kind: str, stale: bool = False):
    proposal = assignment.proposal
    return render_template(
        "replies/edit.html", form=form, assignment=assignment, reply=reply, proposal=proposal, kind=kind,
        stale=stale, opinions=reply_access.opinions_of(current_user, proposal.id),
        contacts=reply_access.contacts_of(current_user, proposal.id),
        limit_mb=uploads.limit() // (1024 * 1024) or 1,
        coverage=coverage.of_text(proposal, form.body.data or "") if kind == ReplyKind.ANSWER else None,
    )


from workflow.replies import actions as _post_actions  # noqa: E402,F401  (registers the POST actions on bp)
