"""Refusals in SPEC 8's shape: 400 with the field, 403, 404, 409 with the state, 412."""
from __future__ import annotations

from datetime import timedelta

from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Assignment, Cosigner


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def _lead(proposal, world) -> Assignment:
    return Assignment.query.filter_by(proposal_id=proposal.id, bureau_id=world.lead.id).one()


# 409: the action exists, but not in this state ---------------------------------------------

def test_wrong_state_is_409_with_the_state(api, world):
    proposal = world.proposal("submitted")
    error = _error(api(world.proposer).post(f"proposals/{proposal.id}/actions/submit"), 409)
    assert (error["code"], error["state"]) == ("wrong_state", "submitted")
    assert error["message"] == "“Submit” is not possible while the item is “Submitted”."

    error = _error(api(world.office).post(f"proposals/{proposal.id}/actions/reject", json={"reason": "x"}), 409)
    assert error["state"] == "submitted"
    # Someone else's draft is private: the office does not see it at all.
    draft = world.draft()
    _error(api(world.office).post(f"proposals/{draft.id}/actions/start-review"), 404)


def test_receiving_twice_is_409(api, world):
    proposal = world.proposal("in_handling", now=utcnow())
    lead = _lead(proposal, world)
    api(world.clerk).act("assignments", lead.id, "receive")
    error = _error(api(world.clerk).post(f"assignments/{lead.id}/actions/receive"), 409)
    assert error["state"] == "received"


def test_reassignment_request_after_the_window_closed_is_409(api, world):
    proposal = world.proposal("in_handling")  # assigned on 2026-03-10; the 5-working-day window is over
    lead = _lead(proposal, world)
    window = next(c for c in lead.clocks if c.kind == "reassign_window")
    assert window.due_date < local_date(utcnow())
    error = _error(api(world.clerk).post(f"assignments/{lead.id}/actions/request-reassignment",
                                         json={"reason": "不属于我局职责"}), 409)
    assert error["state"] == "pending_receipt"
    assert error["message"] == f"The window for reassignment requests closed on {window.due_date.isoformat()}."
    assert _lead(proposal, world).state == "pending_receipt"


# 403: visible, but not this user's to do ----------------------------------------------------

def test_wrong_role_is_403(api, world):
    proposal = world.draft(author_kind="joint", cosigner_ids=[world.proposer2.id])
    api(world.proposer).act("proposals", proposal.id, "submit")
    # The co-signer sees the proposal but may not withdraw it, and nobody but the office files.
    error = _error(api(world.proposer2).post(f"proposals/{proposal.id}/actions/withdraw"), 403)
    assert error["code"] == "forbidden"
    assert error["message"] == "You may not do this: Withdraw."
    _error(api(world.proposer).post(f"proposals/{proposal.id}/actions/file", json={"category_id": 1}), 403)

    handled = world.proposal("in_handling", now=utcnow())
    lead = _lead(handled, world)
    _error(api(world.clerk).post(f"assignments/{lead.id}/actions/withdraw", json={"note": "x"}), 403)
    _error(api(world.office).post(f"assignments/{lead.id}/actions/receive"), 403)
    # A co bureau's clerk sees the proposal, but cannot act on the lead bureau's assignment.
    _error(api(world.coclerk).post(f"assignments/{lead.id}/actions/receive"), 404)


def test_only_proposers_write_drafts(api, world):
    error = _error(api(world.clerk).post("proposals", json={"title": "x", "session_id": world.session.id}), 403)
    assert error["message"] == "Only members and deputies write proposals."


# 404 ---------------------------------------------------------------------------------------

def test_unknown_action_or_item_is_404(api, world):
    proposal = world.proposal("submitted")
    lead = _lead(world.proposal("in_handling"), world)
    office = api(world.office)
    assert _error(office.post(f"proposals/{proposal.id}/actions/teleport"), 404)["code"] == "not_found"
    assert _error(office.post(f"assignments/{lead.id}/actions/file"), 404)["code"] == "not_found"
    assert _error(office.get("proposals/999999"), 404)["message"] == "No such proposal, or you may not see it."
    assert _error(office.get("assignments/999999"), 404)["message"] == "No such assignment, or you may not see it."
    assert _error(office.get("proposals/99999999999999999999"), 404)
    assert _error(office.get("nothing-here"), 404)["code"] == "not_found"
    assert _error(office.open("PUT", f"proposals/{proposal.id}"), 405)["code"] == "method_not_allowed"


# 400: input ------------------------------------------------------------------------------------

def test_file_without_category_or_with_a_wrong_type(api, world):
    proposal = world.proposal("under_review")
    office = api(world.office)
    error = _error(office.post(f"proposals/{proposal.id}/actions/file", json={}), 400)
    assert (error["field"], error["message"]) == ("category_id", "Choose a category.")
    error = _error(office.post(f"proposals/{proposal.id}/actions/file", json={"category_id": "经济"}), 400)
    assert (error["field"], error["message"]) == ("category_id", "Must be a whole number.")
    error = _error(office.post(f"proposals/{proposal.id}/actions/file",
                               json={"category_id": world.category.id, "is_key": True}), 400)
    assert error["field"] == "key_leader"
    error = _error(office.post(f"proposals/{proposal.id}/actions/file",
                               json={"category_id": world.npc_category.id, "is_key": "yes"}), 400)
    assert error["fields"] == {"is_key": "Must be true or false."}
    assert office.get(f"proposals/{proposal.id}").get_json()["state"] == "under_review"  # nothing half-saved


def test_assign_compositions_are_refused(api, world):
    proposal = world.proposal("filed")
    office = api(world.office)
    lead, co, other = world.lead.id, world.co.id, world.other.id
    for bureaus, message in [
        ([{"bureau_id": lead, "role": "lead"}, {"bureau_id": other, "role": "lead"}], "There can be only one lead bureau."),
        ([{"bureau_id": co, "role": "co"}], "Choose a lead bureau, or one or more separate bureaus."),
        ([{"bureau_id": lead, "role": "lead"}, {"bureau_id": lead, "role": "co"}], "A bureau can be assigned only once."),
        ([{"bureau_id": lead, "role": "lead"}, {"bureau_id": co, "role": "separate"}],
         "Choose either one lead bureau or separate bureaus, not both."),
        ([], "Choose at least one bureau."),
        ([{"bureau_id": 999999, "role": "lead"}], "Choose bureaus from the list."),
        ([{"bureau_id": lead, "role": "boss"}], "Choose lead, co-handling or separate for each bureau."),
    ]:
        error = _error(office.post(f"proposals/{proposal.id}/actions/assign", json={"bureaus": bureaus}), 400)
        assert (error["field"], error["message"]) == ("bureaus", message), bureaus
    for bad in ([{"bureau_id": "lead", "role": "lead"}], {"bureau_id": lead}, [{"bureau_id": lead}]):
        assert _error(office.post(f"proposals/{proposal.id}/actions/assign", json={"bureaus": bad}), 400)["field"] == "bureaus"
    assert Assignment.query.filter_by(proposal_id=proposal.id).count() == 0


def test_assign_reply_due_must_be_a_future_date(api, world):
    proposal = world.proposal("filed")
    office = api(world.office)
    bureaus = [{"bureau_id": world.lead.id, "role": "lead"}]
    today = local_date(utcnow()).isoformat()
    error = _error(office.post(f"proposals/{proposal.id}/actions/assign", json={"bureaus": bureaus, "reply_due": today}), 400)
    assert (error["field"], error["message"]) == ("reply_due", "The reply due date must lie in the future.")
    for bad in ("30/06/2027", "2027-02-30", 20270630):
        response = office.post(f"proposals/{proposal.id}/actions/assign", json={"bureaus": bureaus, "reply_due": bad})
        assert _error(response, 400)["field"] == "reply_due"


def test_draft_input_is_checked(api, world):
    client = api(world.proposer)
    error = _error(client.post("proposals", json={"author_kind": "joint", "session_id": world.session.id}), 400)
    assert set(error["fields"]) == {"title", "cosigner_ids"}
    assert error["fields"]["cosigner_ids"] == "A joint proposal needs at least one co-signer."
    error = _error(client.post("proposals", json={"title": "x"}), 400)
    assert error["field"] == "session_id"
    error = _error(client.post("proposals", json={"title": "x", "session_id": world.session.id,
                                                  "cosigner_ids": "2"}), 400)
    assert error["fields"] == {"cosigner_ids": "Must be a list of whole numbers."}
    error = _error(client.post("proposals", json={"title": "x", "session_id": world.session.id, "colour": "red"}), 400)
    assert error["fields"] == {"colour": "Unknown field."}
    error = _error(client.post("proposals", json={"title": "x" * 201, "session_id": world.session.id}), 400)
    assert error["field"] == "title"
    assert _error(client.post("proposals", json=["title"]), 400)["code"] == "invalid_json"
    assert _error(client.post("proposals", data="title=x", content_type="text/plain"), 400)["code"] == "invalid_json"


def test_submit_needs_a_body_and_a_joint_proposal_its_cosigners(api, world):
    client = api(world.proposer)
    empty = world.draft(body="")
    error = _error(client.post(f"proposals/{empty.id}/actions/submit"), 400)
    assert (error["field"], error["message"]) == ("body", "Write the proposal's text before submitting it.")

    joint = world.draft(author_kind="joint", cosigner_ids=[world.proposer2.id])
    Cosigner.query.filter_by(proposal_id=joint.id).delete()  # the co-signer row lost, e.g. by an admin's fix
    db.session.commit()
    error = _error(client.post(f"proposals/{joint.id}/actions/submit"), 400)
    assert error["field"] == "cosigner_ids"
    assert error["message"] == "A joint proposal needs at least one co-signer."


def test_reasons_and_notes_are_required_where_the_service_says(api, world):
    office = api(world.office)
    proposal = world.proposal("under_review")
    assert _error(office.post(f"proposals/{proposal.id}/actions/reject", json={"reason": "  "}), 400)["field"] == "reason"
    error = _error(api(world.proposer).post(f"proposals/{proposal.id}/actions/withdraw", json={"reason": 5}), 400)
    assert error["field"] == "reason"

    handled = world.proposal("in_handling", now=utcnow())
    lead = _lead(handled, world)
    clerk = api(world.clerk)
    assert _error(clerk.post(f"assignments/{lead.id}/actions/request-reassignment"), 400)["field"] == "reason"
    clerk.act("assignments", lead.id, "request-reassignment", {"reason": "不属于我局职责"})
    error = _error(office.post(f"assignments/{lead.id}/actions/refuse-reassignment", json={}), 400)
    assert (error["field"], error["message"]) == ("note", "Say why the request is refused; the bureau is told.")
    assert _error(office.post(f"assignments/{lead.id}/actions/withdraw", json={"note": ""}), 400)["field"] == "note"
    assert _error(clerk.post(f"assignments/{lead.id}/actions/receive", json={"note": "x" * 2001}), 400)


def test_consent_and_set_key_need_their_boolean(api, world):
    proposal = world.proposal("under_review")
    api(world.office).act("proposals", proposal.id, "reject", {"reason": "属于个人事务"})
    error = _error(api(world.proposer).post(f"proposals/{proposal.id}/actions/consent-opinion-letter", json={}), 400)
    assert (error["field"], error["message"]) == ("consent", "This field is required.")
    filed = world.proposal("filed")
    error = _error(api(world.office).post(f"proposals/{filed.id}/actions/set-key", json={"is_key": 1}), 400)
    assert error["field"] == "is_key"


# 412: stale version ---------------------------------------------------------------------------

def test_stale_version_is_412(api, world):
    draft = world.draft()
    client = api(world.proposer)
    old = draft.version
    client.act("proposals", draft.id, "edit", {"title": "第一次修改", "version": old})
    error = _error(client.post(f"proposals/{draft.id}/actions/edit", json={"title": "覆盖", "version": old}), 412)
    assert error["code"] == "stale"
    assert client.get(f"proposals/{draft.id}").get_json()["title"] == "第一次修改"
    assert _error(client.post(f"proposals/{draft.id}/actions/edit", json={"title": "无版本"}), 400)["field"] == "version"

    proposal = world.proposal("under_review")
    office = api(world.office)
    stale = proposal.version - 1
    _error(office.post(f"proposals/{proposal.id}/actions/file",
                       json={"category_id": world.category.id, "version": stale}), 412)
    _error(office.post(f"proposals/{proposal.id}/actions/reject", json={"reason": "x", "version": stale}), 412)

    filed = world.proposal("filed")
    bureaus = [{"bureau_id": world.lead.id, "role": "lead"}]
    _error(office.post(f"proposals/{filed.id}/actions/assign", json={"bureaus": bureaus, "version": 1}), 412)

    lead = _lead(world.proposal("in_handling", now=utcnow()), world)
    _error(api(world.clerk).post(f"assignments/{lead.id}/actions/receive", json={"version": lead.version + 1}), 412)


def test_reply_due_in_the_past_is_refused_even_far_ahead_of_time(api, world):
    proposal = world.proposal("filed")
    yesterday = (local_date(utcnow()) - timedelta(days=1)).isoformat()
    body = {"bureaus": [{"bureau_id": world.lead.id, "role": "lead"}], "reply_due": yesterday}
    assert _error(api(world.office).post(f"proposals/{proposal.id}/actions/assign", json=body), 400)["field"] == "reply_due"
