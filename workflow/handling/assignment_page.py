"""The bureau's handling page of one assignment: contacts, the co-handling opinion, extension
requests and the reply; also where the office decides on extension requests."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from workflow.clock import utcnow
from workflow.domain.assignment import ASSIGNMENT
from workflow.domain.reply import ReplyKind
from workflow.handling.forms import ContactForm, DecisionForm, ExtensionForm, OpinionForm
from workflow.handling.routes import bp
from workflow.replies import views
from workflow.services import access, contacts, drafting, extensions, opinions, reply_access, uploads
from workflow.services.contacts import ContactInput
from workflow.services.errors import NotFound
from workflow.services.opinions import OpinionInput
from workflow.web_forms import run_button, small_int, submit_form


@bp.get("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    found = access.get_assignment(current_user, assignment_id)
    if not (access.sees_everything(current_user) or current_user.bureau_id == found.bureau_id):
        # Proposers see their items' assignments, not the bureaus' working papers.
        raise NotFound(_("No such assignment, or you may not see it."))
    return _page(found)


def _page(found, **forms):
    roles = access.assignment_roles(current_user, found)
    opinion = opinions.opinion_of(found)
    opinion_form = forms.get("opinion_form") or OpinionForm(body=opinion.body if opinion else "")
    if opinion is not None and not forms.get("opinion_form"):
        opinion_form.version.data = opinion.version
    proposal = found.proposal
    current = drafting.current_reply(found) if found.role != "co" else None
    return render_template(
        "handling/assignment.html", assignment=found, proposal=proposal,
        actions=ASSIGNMENT.available(found.state, roles),
        opinion=opinion, opinion_actions=opinions.available(current_user, found),
        contacts=[c for c in reply_access.contacts_of(current_user, proposal.id) if c.assignment_id == found.id],
        co_opinions=reply_access.opinions_of(current_user, proposal.id),
        extensions=[e for e in reply_access.extensions_of(current_user, proposal.id) if e.assignment_id == found.id],
        extension_actions={e.id: extensions.available(current_user, e) for e in reply_access.extensions_of(
            current_user, proposal.id)},
        replies=[r for r in reply_access.replies_of(current_user, proposal.id) if r.assignment_id == found.id],
        current_reply=current, may_follow_up=found.role != "co" and drafting.may_follow_up(found),
        contact_form=forms.get("contact_form") or ContactForm(), opinion_form=opinion_form,
        extension_form=forms.get("extension_form") or ExtensionForm(), decision_form=DecisionForm(),
        answer_clock=extensions.answer_clock(found), limit_mb=uploads.limit() // (1024 * 1024) or 1,
        follow_up=ReplyKind.FOLLOW_UP,
    )


@bp.post("/assignments/<int:assignment_id>/contacts")
def add_contact(assignment_id: int):
    found = access.get_assignment(current_user, assignment_id)
    form = ContactForm()

    def call():
        data = ContactInput(form.contacted_on.data, form.way.data or "", form.participants.data or "",
                            form.notes.data or "", views.uploaded())
        return contacts.add_contact(current_user, found.id, data, utcnow())

    return submit_form(form, call, _("Contact recorded."), _here(found.id),
                       invalid_message=_("Check the contact's date.")) or (_page(found, contact_form=form), 400)


@bp.post("/assignments/<int:assignment_id>/opinion")
def save_opinion(assignment_id: int):
    found = access.get_assignment(current_user, assignment_id)
    form = OpinionForm()
    submit = request.form.get("then") == "submit"

    def call():
        data = OpinionInput(form.body.data or "", views.uploaded(), views.id_list("remove_attachment_ids"))
        version = small_int(form.version.data)
        return opinions.save(current_user, found.id, data, utcnow(), version, then_submit=submit)

    success = _("Opinion submitted.") if submit else _("Opinion saved.")
    return submit_form(form, call, success, _here(found.id)) or (_page(found, opinion_form=form), 400)


@bp.post("/assignments/<int:assignment_id>/opinion/<any(approve, return):decision>")
def decide_opinion(assignment_id: int, decision: str):
    found = access.get_assignment(current_user, assignment_id)
    form = DecisionForm()
    calls: dict[str, tuple[Callable[[], object], object]] = {
        "approve": (lambda: opinions.approve(current_user, found.id, utcnow()), _l("Signed off; the lead bureau has it.")),
        "return": (lambda: opinions.return_(current_user, found.id, form.note.data, utcnow()),
                   _l("Returned to the clerk with your comments.")),
    }
    return _run(form, found.id, *calls[decision])


@bp.post("/assignments/<int:assignment_id>/extension")
def request_extension(assignment_id: int):
    found = access.get_assignment(current_user, assignment_id)
    form = ExtensionForm()

    def call():
        return extensions.request(current_user, found.id, form.reason.data or "", form.asked_due.data, utcnow())

    return submit_form(form, call, _("Extension requested."), _here(found.id),
                       invalid_message=_("Enter the date like 2026-06-30.")) or (_page(found, extension_form=form), 400)


@bp.post("/extension-requests/<int:request_id>/<any(endorse, decline, grant, refuse):decision>")
def decide_extension(request_id: int, decision: str):
    row = reply_access.get_extension(current_user, request_id)
    form = DecisionForm()
    now = utcnow()
    calls: dict[str, tuple[Callable[[], object], object]] = {
        "endorse": (lambda: extensions.endorse(current_user, row.id, now), _l("Endorsed; the office decides now.")),
        "decline": (lambda: extensions.decline(current_user, row.id, form.note.data, now), _l("Request declined.")),
        "grant": (lambda: extensions.grant(current_user, row.id, form.due.data, form.note.data, now),
                  _l("Extension granted; the reply clock moved.")),
        "refuse": (lambda: extensions.refuse(current_user, row.id, form.note.data, now), _l("Extension refused.")),
    }
    return _run(form, row.assignment_id, *calls[decision])


def _run(form, assignment_id: int, call: Callable[[], object], success):
    if not form.validate_on_submit():
        flash(_("Enter the date like 2026-06-30.") if form.errors else _("The form expired. Try again."), "error")
    else:
        run_button(call, success)
    return redirect(_here(assignment_id))


def _here(assignment_id: int) -> str:
    return url_for("handling.assignment", assignment_id=assignment_id)
