"""The proposal office's pages: review, filing, assignment, reassignment decisions."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.domain.lifecycle import PROPOSAL
from workflow.extensions import db
from workflow.models import Bureau
from workflow.office.forms import AssignForm, DecisionForm, FileForm, KeyForm, MergeForm, RejectForm, SuperviseForm
from workflow.services import access, assignment, reach, review, routing, supervision
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Invalid, ServiceError
from workflow.web_forms import apply_errors, flash_error, run_button, small_int

bp = Blueprint("office", __name__, url_prefix="/office")
bp.before_request(login_required(lambda: None))


def _back(proposal_id: int):
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


def _run(proposal_id: int, call, success: str):
    run_button(call, success)
    return _back(proposal_id)


@bp.post("/proposals/<int:proposal_id>/start-review")
def start_review(proposal_id: int):
    form = DecisionForm()
    form.validate_on_submit()
    return _run(proposal_id, lambda: review.start_review(current_user, proposal_id, utcnow()), _("Review started."))


@bp.post("/proposals/<int:proposal_id>/file")
def file(proposal_id: int):
    form = FileForm()
    form.validate_on_submit()
    call = lambda: review.file(  # noqa: E731
        current_user, proposal_id, utcnow(), form.category_id.data, form.is_key.data, form.key_leader.data,
        form.version.data,
    )
    return _run(proposal_id, call, _("Filed."))


@bp.post("/proposals/<int:proposal_id>/reject")
def reject(proposal_id: int):
    form = RejectForm()
    form.validate_on_submit()
    reason = "；".join(part.strip() for part in (form.reason.data, form.detail.data) if part and part.strip())
    call = lambda: review.reject(current_user, proposal_id, utcnow(), reason, form.version.data)  # noqa: E731
    return _run(proposal_id, call, _("Recorded as not filed; the proposer is told why."))


@bp.post("/proposals/<int:proposal_id>/merge")
def merge(proposal_id: int):
    form = MergeForm()
    form.validate_on_submit()
    access.get_proposal(current_user, proposal_id)  # 404 for whoever may not see it
    call = lambda: review.merge(  # noqa: E731
        current_user, proposal_id, utcnow(), None, form.version.data, form.target_number.data
    )
    return _run(proposal_id, call, _("Merged: it is handled and answered with the item it joined."))


@bp.post("/proposals/<int:proposal_id>/key")
def set_key(proposal_id: int):
    form = KeyForm()
    form.validate_on_submit()
    call = lambda: review.set_key(current_user, proposal_id, utcnow(), form.is_key.data, form.key_leader.data)  # noqa: E731
    return _run(proposal_id, call, _("Saved."))


@bp.post("/proposals/<int:proposal_id>/supervise")
def supervise(proposal_id: int):
    form = SuperviseForm()
    if not form.validate_on_submit():
        flash(_("The form expired or the note is too long. Try again."), "error")
        return _back(proposal_id)
    call = lambda: supervision.write_note(  # noqa: E731
        current_user, proposal_id, form.body.data, utcnow(), form.assignment_id.data
    )
    return _run(proposal_id, call, _("Supervision note saved."))


@bp.route("/proposals/<int:proposal_id>/assign", methods=["GET", "POST"])
def assign(proposal_id: int):
    proposal = access.get_proposal(current_user, proposal_id)
    if "assign" not in PROPOSAL.available(proposal.state, access.proposal_roles(current_user, proposal)):
        flash(_("This proposal cannot be assigned now."), "error")
        return _back(proposal_id)
    form = AssignForm()
    bureaus = db.session.execute(select(Bureau).where(Bureau.active.is_(True)).order_by(Bureau.code)).scalars().all()
    unstaffed = {b.id for b in reach.bureaus_without_people()}
    for row in form.rows:
        row.bureau_id.choices = [("", "—")] + [
            (b.id, _("%(bureau)s (no active user)", bureau=b.name) if b.id in unstaffed else b.name) for b in bureaus]
    if request.method == "GET":
        form.version.data = proposal.version
        for row in form.rows[1:]:
            row.role.data = "co"  # the usual shape: one lead, then co-handling bureaus
    choices = [BureauChoice(r.bureau_id.data, r.role.data) for r in form.rows if r.bureau_id.data]
    if form.validate_on_submit() and not request.form.get("preview"):
        try:
            assignment.assign(
                current_user, proposal_id, choices, utcnow(), form.reply_due.data,
                small_int(form.version.data),
            )
        except Invalid as exc:
            apply_errors(form, exc)
            if "bureaus" in exc.errors:
                form.rows.errors = [exc.errors["bureaus"]]
        except ServiceError as exc:
            flash_error(exc)
        else:
            flash(_("Assigned. The bureaus see it in their work lists."), "success")
            _warn_unstaffed(c.bureau_id for c in choices)
            return _back(proposal_id)
    preview = assignment.due_preview(choices, utcnow(), form.reply_due.data if form.reply_due.data else None)
    return render_template("office/assign.html", proposal=proposal, form=form, preview=preview,
                           suggested=routing.suggest_for(current_user, proposal_id),
                           unstaffed=[b for b in bureaus if b.id in unstaffed])


def _warn_unstaffed(bureau_ids) -> None:
    """After an assignment: a bureau without an active clerk or leader hears nothing and cannot sign."""
    missing = reach.bureaus_without_people(bureau_ids)
    if missing:
        flash(_("%(bureaus)s has no active clerk or leader: nobody there is told or can sign for the item. "
                "Add a user under Administration, or reach the bureau another way.",
                bureaus="、".join(b.name for b in missing)), "warning")


@bp.post("/assignments/<int:assignment_id>/decide")
def decide_reassignment(assignment_id: int):
    form = DecisionForm()
    form.validate_on_submit()
    found = access.get_assignment(current_user, assignment_id)
    approve = form.decision.data == "approve"
    new_bureau = form.new_bureau_id.data or ""
    choices = [BureauChoice(int(new_bureau), form.new_role.data or found.role)] if new_bureau.isdigit() else []
    call = lambda: assignment.decide_reassignment(  # noqa: E731
        current_user, assignment_id, approve, form.note.data, utcnow(), choices if approve else None
    )
    if not approve:
        message = _("Request refused.")
    elif choices:
        message = _("Withdrawn from the bureau and assigned to the new one.")
    else:
        message = _("Withdrawn from the bureau. The item waits on your work list to be assigned again.")
    return _run(found.proposal_id, call, message)


@bp.post("/assignments/<int:assignment_id>/withdraw")
def withdraw_assignment(assignment_id: int):
    form = DecisionForm()
    form.validate_on_submit()
    found = access.get_assignment(current_user, assignment_id)
    call = lambda: assignment.withdraw(current_user, assignment_id, form.note.data, utcnow())  # noqa: E731
    return _run(found.proposal_id, call, _("Assignment withdrawn."))


from workflow.office import decisions, figures  # noqa: E402,F401  (their routes are on bp)
