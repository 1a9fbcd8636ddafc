"""/assignments: one assignment (交办) with its clocks, and its actions."""
from __future__ import annotations

from flask import Response, jsonify

from workflow.api import bp
from workflow.api.actions import ASSIGNMENT_ACTIONS, run_action
from workflow.api.auth import caller
from workflow.api.parsing import ID
from workflow.api.serializers import assignment_detail
from workflow.clock import utcnow
from workflow.services import access


@bp.get(f"/assignments/<{ID}:assignment_id>")
def get_assignment(assignment_id: int) -> Response:
    found = access.get_assignment(caller(), assignment_id)
    return jsonify(assignment_detail(found, caller(), utcnow()))


@bp.post(f"/assignments/<{ID}:assignment_id>/actions/<action>")
def assignment_action(assignment_id: int, action: str) -> Response:
    now, _result = run_action(ASSIGNMENT_ACTIONS, action, caller(), lambda: access.get_assignment(caller(), assignment_id))
    # Re-read through the visibility filter. A withdrawn assignment leaves its bureau's view, but
    # only the office withdraws, and the office sees everything.
    return jsonify(assignment_detail(access.get_assignment(caller(), assignment_id), caller(), now))
