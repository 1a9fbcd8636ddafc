"""Bureau pages: the bureau's assignments, signing for them, asking for reassignment."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import Length, Optional

from workflow.clock import utcnow
from workflow.desk.batch_routes import bureau_choices
from workflow.domain.assignment import AssignmentState
from workflow.models import Role
from workflow.services import access, assignment, assignment_list
from workflow.web_forms import int_arg, run_button

bp = Blueprint("handling", __name__, url_prefix="/bureau")
bp.before_request(login_required(lambda: None))


class ReceiveForm(FlaskForm):
    version = IntegerField(validators=[Optional()])


class ReassignmentForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


@bp.get("/assignments")
def index():
    state = request.args.get("state") or None
    page = assignment_list.assignments(current_user, utcnow(), state if state in set(AssignmentState) else None,
                                       int_arg("page") or 1)
    bureaus = bureau_choices() if current_user.has_role(Role.OFFICE) else []  # the 交办清单 of one bureau
    return render_template("handling/index.html", page=page, state=state, bureaus=bureaus)


@bp.post("/assignments/<int:assignment_id>/receive")
def receive(assignment_id: int):
    form = ReceiveForm()
    form.validate_on_submit()
    found = access.get_assignment(current_user, assignment_id)
    run_button(lambda: assignment.receive(current_user, assignment_id, utcnow(), form.version.data),
               _("Signed for. The assignment is now your bureau's to handle."))
    return redirect(url_for("proposals.show", proposal_id=found.proposal_id))


@bp.post("/assignments/<int:assignment_id>/request-reassignment")
def request_reassignment(assignment_id: int):
    form = ReassignmentForm()
    form.validate_on_submit()
    found = access.get_assignment(current_user, assignment_id)
    run_button(lambda: assignment.request_reassignment(current_user, assignment_id, form.reason.data, utcnow()),
               _("Request sent to the office. Your bureau handles the item until the office decides."))
    return redirect(url_for("proposals.show", proposal_id=found.proposal_id))


from workflow.handling import assignment_page  # noqa: E402,F401  (its routes are on bp)
