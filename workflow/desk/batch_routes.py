"""Batch work from the lists: the office chooses items in /proposals/ and assigns them to the same
bureaus or flags them key; a bureau's clerk chooses assignments in /bureau/assignments and signs
for them. The answer page lists what was saved and each refused item with why, and offers the
交办通知单 of what was assigned."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from workflow.clock import utcnow
from workflow.desk import notice_pdf
from workflow.domain.batch import BatchMode, item_ids
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Proposal, Role
from workflow.services import assignment_notices, batch
from workflow.services.assignment import BureauChoice
from workflow.services.errors import ServiceError
from workflow.web_forms import batch_mode_field, claim_once, flash_error, repeated_redirect

bp = Blueprint("desk_batch", __name__)
bp.before_request(login_required(lambda: None))

class BatchForm(FlaskForm):
    action = SelectField(_l("Action"), choices=[("assign", _l("Assign")), ("key", _l("Flag as key item")),
                                                 ("unkey", _l("Remove the key flag"))])
    lead = SelectField(_l("Lead bureau"), validators=[Optional()], coerce=str)
    reply_due = DateField(_l("Reply due (optional)"), validators=[Optional()])
    key_leader = StringField(_l("Supervising leader"), validators=[Optional(), Length(max=64)])
    mode = batch_mode_field()


class ReceiveForm(FlaskForm):
    mode = batch_mode_field()


def bureau_choices() -> list[Bureau]:
    return db.session.execute(select(Bureau).where(Bureau.active.is_(True)).order_by(Bureau.code)).scalars().all()


@bp.post("/office/batch")
def office_batch():
    if not current_user.has_role(Role.OFFICE):
        abort(403)
    form = BatchForm()
    bureaus = bureau_choices()
    form.lead.choices = [("", "—")] + [(str(b.id), b.name) for b in bureaus]
    if not form.validate_on_submit():
        flash(_("The form expired or holds a mistake. Try again."), "error")
        return redirect(url_for("proposals.index"))
    repeated = claim_once()
    if repeated is not None:
        return repeated_redirect(repeated, url_for("proposals.index"))
    ids = item_ids(request.form.getlist("items"))
    mode = BatchMode(form.mode.data)
    now = utcnow()
    action = form.action.data
    try:
        if action == "assign":
            choices = _choices(form.lead.data, request.form.getlist("co"), bureaus)
            outcome = batch.assign_many(current_user, ids, choices, now, form.reply_due.data, mode)
        else:
            outcome = batch.set_key_many(current_user, ids, action == "key", form.key_leader.data, now, mode)
    except ServiceError as exc:
        db.session.rollback()
        flash_error(exc)
        return redirect(url_for("proposals.index"))
    notices = assignment_notices.batch_of(outcome.saved, now) if action == "assign" and outcome.saved else []
    return _outcome_page(outcome, Proposal, notices)


def _choices(lead: str, co: list[str], bureaus: list[Bureau]) -> list[BureauChoice]:
    known = {b.id for b in bureaus}
    lead_id = int(lead) if lead and lead.isdigit() else None
    choices = [BureauChoice(lead_id, "lead")] if lead_id in known else []
    for value in item_ids(co):
        if value in known and value != lead_id:
            choices.append(BureauChoice(value, "co"))
    return choices


@bp.post("/bureau/batch/receive")
def receive_batch():
    form = ReceiveForm()
    if not form.validate_on_submit():
        flash(_("The form expired or holds a mistake. Try again."), "error")
        return redirect(url_for("handling.index"))
    repeated = claim_once()
    if repeated is not None:
        return repeated_redirect(repeated, url_for("handling.index"))
    try:
        outcome = batch.receive_many(current_user, item_ids(request.form.getlist("items")), utcnow(),
                                     BatchMode(form.mode.data))
    except ServiceError as exc:
        db.session.rollback()
        flash_error(exc)
        return redirect(url_for("handling.index"))
    return _outcome_page(outcome, Assignment, [])


def _outcome_page(outcome, model, notice_ids: list[int]):
    ids = [r.item_id for r in outcome.refused] + outcome.done
    rows = db.session.execute(select(model).where(model.id.in_(ids))).scalars().all() if ids else []
    items = {row.id: (row if model is Proposal else row.proposal) for row in rows}
    if outcome.saved:
        flash(_("%(n)d items saved.", n=len(outcome.saved)), "success")
    if outcome.refused:
        flash(_("%(n)d items refused.", n=len(outcome.refused)), "error")
    return render_template("desk/batch_result.html", outcome=outcome, items=items, notice_ids=notice_ids)


@bp.get("/office/assignment-notices.pdf")
def notices_pdf():
    """交办通知单 of the chosen assignments (?a=1&a=2…), one per bureau."""
    ids = item_ids(request.args.getlist("a"))
    if not ids:
        abort(404)
    try:
        found = assignment_notices.notices(current_user, ids)
    except ServiceError:
        abort(404)
    content = notice_pdf.render(found)
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": 'inline; filename="assignment-notices.pdf"'})



def office_batch_form() -> tuple[BatchForm, list[Bureau]]:
    """The batch form under the office's /proposals/, with the bureaus to choose from."""
    form = BatchForm(formdata=None)
    bureaus = bureau_choices()
    form.lead.choices = [("", "—")] + [(str(b.id), b.name) for b in bureaus]
    return form, bureaus


@bp.get("/proposals/<int:proposal_id>/form.pdf")
def proposal_form_pdf(proposal_id: int):
    """The 提案单 / 建议单 of an item the user may see, to print."""
    from workflow.desk import proposal_pdf
    from workflow.services import access

    proposal = access.get_proposal(current_user, proposal_id)
    return Response(proposal_pdf.render(proposal), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="proposal-{proposal.id}.pdf"'})
