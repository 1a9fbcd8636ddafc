"""/proposals: the list the caller may see, new drafts, one proposal, and its actions."""
from __future__ import annotations

from flask import Response, jsonify, url_for

from workflow.api import bp
from workflow.api.actions import DRAFT_FIELDS, PROPOSAL_ACTIONS, draft_input, once_per_key, run_action
from workflow.api.auth import caller
from workflow.api.parsing import ID, json_body, parse, query_bool, query_choice, query_int, query_text
from workflow.api.serializers import proposal_detail, proposal_summary
from workflow.clock import utcnow
from workflow.domain.lifecycle import Channel, ProposalState
from workflow.services import access, queries, submission
from workflow.services.errors import Invalid

PER_PAGE_MAX = 100
Q_MAX = 100  # as the list page caps its search box


@bp.get("/proposals")
def list_proposals() -> Response:
    errors: dict[str, str] = {}
    per_page = query_int(errors, "per_page", 1, PER_PAGE_MAX) or queries.PAGE_SIZE
    filters = queries.ProposalFilter(
        state=query_choice(errors, "state", ProposalState),
        session=query_int(errors, "session"),
        channel=query_choice(errors, "channel", Channel),
        bureau=query_int(errors, "bureau"),
        overdue=query_bool(errors, "overdue"),
        q=query_text(errors, "q", Q_MAX),
        page=query_int(errors, "page") or 1,
    )
    if errors:
        raise Invalid(errors)
    page = queries.proposals(caller(), filters, utcnow(), size=per_page)
    return jsonify(
        {
            "items": [proposal_summary(p) for p in page.items],
            "page": page.page,
            "per_page": page.size,
            "total": page.total,
            "total_is_lower_bound": page.capped,
            "pages": page.pages,
        }
    )


@bp.post("/proposals")
def create_proposal() -> Response:
    values = parse(json_body(), DRAFT_FIELDS)
    now = utcnow()
    created = []
    with once_per_key(caller(), now, lambda: url_for("api.get_proposal", proposal_id=created[0].id)):
        created.append(submission.create_draft(caller(), draft_input(values), now))
    proposal = created[0]
    response = jsonify(proposal_detail(proposal, caller(), now))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_proposal", proposal_id=proposal.id)
    return response


@bp.get(f"/proposals/<{ID}:proposal_id>")
def get_proposal(proposal_id: int) -> Response:
    proposal = access.get_proposal(caller(), proposal_id)
    return jsonify(proposal_detail(proposal, caller(), utcnow()))


@bp.post(f"/proposals/<{ID}:proposal_id>/actions/<action>")
def proposal_action(proposal_id: int, action: str) -> Response:
    now, result = run_action(PROPOSAL_ACTIONS, action, caller(), lambda: access.get_proposal(caller(), proposal_id))
    # Re-read through the visibility filter: the answer shows what the caller may now see.
    body = proposal_detail(access.get_proposal(caller(), proposal_id), caller(), now)
    if action == "remind":  # how many people the 催办 reached: 0 says it reached nobody (issue 9 §10)
        body["reminded"] = result
    return jsonify(body)
