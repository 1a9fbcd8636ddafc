"""The office's decision on an item rated unsatisfied: re-handling, or closing with a note."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from workflow.clock import utcnow
from workflow.office.forms import DecisionForm
from workflow.office.routes import _run, bp
from workflow.services import decisions


@bp.post("/proposals/<int:proposal_id>/rehandle")
def order_rehandling(proposal_id: int):
    form = DecisionForm()
    form.validate_on_submit()
    call = lambda: decisions.order_rehandling(current_user, proposal_id, form.note.data, utcnow())  # noqa: E731
    return _run(proposal_id, call, _("Re-handling ordered: the bureau writes a new reply."))


@bp.post("/proposals/<int:proposal_id>/close")
def close(proposal_id: int):
    form = DecisionForm()
    form.validate_on_submit()
    call = lambda: decisions.close(current_user, proposal_id, form.note.data, utcnow())  # noqa: E731
    return _run(proposal_id, call, _("Closed with your note."))
