"""Issue 3 through the API: each action, and 400/403/404/409/412 as SPEC 8 says."""
from __future__ import annotations

import base64

import pytest

from tests.handling_support import BODY, PDF, approved, awaiting_approval, co_of, draft, lead_of, received, sent
from tests.letters.format_checks import assert_letter_format

B64_PDF = base64.b64encode(PDF).decode()
DRAFT = {
    "title": "关于对测试cppcc会议第1号提案答复的函", "body": BODY, "resolution": "A", "disclosure": "public",
    "contact_name": "邵军", "contact_phone": "0579-82468101", "copy_to": ["市财政局"],
}


def error(response, status):
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def test_contact_opinion_and_draft_through_the_assignment(api, world):
    p = received(world)
    clerk, coclerk = api(world.clerk), api(world.coclerk)
    lead, co = lead_of(p), co_of(p)
    body = clerk.act("assignments", lead.id, "add-contact", {
        "contacted_on": "2026-03-10", "way": "phone", "notes": "电话沟通",
        "attachments": [{"filename": "纪要.pdf", "content": B64_PDF}],
    })
    assert [c["kind"] for c in body["clocks"] if not c["running"]] == ["receipt", "first_contact"]
    view = clerk.get(f"proposals/{p.id}").get_json()
    [contact] = view["contacts"]
    assert contact["notes"] == "电话沟通" and contact["attachments"][0]["filename"] == "纪要.pdf"
    download = clerk.get(contact["attachments"][0]["url"])
    assert download.status_code == 200 and download.data == PDF
    assert api(world.proposer).get(contact["attachments"][0]["url"]).status_code == 404

    opinion = coclerk.act("assignments", co.id, "submit-opinion", {"body": "同意"})
    assert opinion["opinion"]["state"] == "submitted" and opinion["actions"] == ["request-reassignment"]
    created = clerk.act("assignments", lead.id, "save-draft", DRAFT)
    [reply_id] = created["reply_ids"]
    reply = clerk.get(f"replies/{reply_id}").get_json()
    assert reply["salutation"] == "杨文艳委员：" and reply["state"] == "draft"  # pre-filled where not sent
    assert reply["actions"] == ["save", "submit"] and [v["number"] for v in reply["versions"]] == [1]
    saved = clerk.act("replies", reply_id, "save", {"title": "新标题", "version": reply["version"]})
    assert saved["title"] == "新标题" and saved["body"] == reply["body"]  # left out: kept
    assert [v["number"] for v in saved["versions"]] == [1, 2]


def test_the_api_refuses_as_spec_8_says(api, world):
    reply = awaiting_approval(world)
    version = reply.version
    clerk, approver = api(world.clerk), api(world.approver)
    # 400: the field at fault, by type and by the service's rules
    assert error(clerk.post(f"assignments/{reply.assignment_id}/actions/add-contact",
                            json={"contacted_on": "soon", "way": "phone"}), 400)["field"] == "contacted_on"
    bad_file = error(clerk.post(f"assignments/{reply.assignment_id}/actions/add-contact", json={
        "contacted_on": "2026-03-10", "way": "phone", "attachments": [{"filename": "x.pdf", "content": "%%%"}]}), 400)
    assert bad_file["field"] == "attachments"
    wrong_type = error(clerk.post(f"assignments/{reply.assignment_id}/actions/add-contact", json={
        "contacted_on": "2026-03-10", "way": "phone",
        "attachments": [{"filename": "x.pdf", "content": base64.b64encode(b"MZ not a pdf").decode()}]}), 400)
    assert "not a file of an allowed type" in wrong_type["message"]
    assert error(approver.post(f"replies/{reply.id}/actions/return", json={"note": " "}), 400)["field"] == "note"
    assert error(approver.post(f"replies/{reply.id}/actions/approve", json={"version": "x"}), 400)["field"] == "version"
    # 403: the role does not fit
    assert error(clerk.post(f"replies/{reply.id}/actions/approve"), 403)["code"] == "forbidden"
    # 404: another bureau, an unknown action
    assert error(api(world.otherclerk).get(f"replies/{reply.id}"), 404)["code"] == "not_found"
    assert error(api(world.proposer).get(f"replies/{reply.id}"), 404)["code"] == "not_found"
    assert error(approver.post(f"replies/{reply.id}/actions/publish-now"), 404)["code"] == "not_found"
    # 409: not in this state, saying which
    conflict = error(clerk.post(f"replies/{reply.id}/actions/save", json={"version": version}), 409)
    assert conflict["state"] == "awaiting_approval"
    assert error(approver.post(f"replies/{reply.id}/actions/send"), 409)["state"] == "awaiting_approval"
    # 412: a stale version
    assert error(approver.post(f"replies/{reply.id}/actions/approve", json={"version": version - 1}),
                 412)["code"] == "stale"
    assert approver.act("replies", reply.id, "approve", {"version": version})["state"] == "approved"


def test_a_stale_draft_save_answers_412(api, world):
    p = received(world)
    reply = draft(world, p)
    clerk = api(world.clerk)
    opened = reply.version  # the API client expires the test's session after each call
    clerk.act("replies", reply.id, "save", {"body": "<p>甲</p>", "version": opened})
    assert error(clerk.post(f"replies/{reply.id}/actions/save", json={"body": "<p>乙</p>", "version": opened}),
                 412)["code"] == "stale"
    assert error(clerk.post(f"assignments/{p.assignments[0].id}/actions/save-draft", json={"body": "<p>丙</p>"}),
                 400)["field"] == "version"
    assert clerk.get(f"replies/{reply.id}").get_json()["body"] == "<p>甲</p>"


def test_letters_through_the_api(api, world):
    reply = sent(world)
    proposer = api(world.proposer)
    detail = proposer.get(f"replies/{reply.id}").get_json()
    assert detail["actions"] == ["feedback"] and "versions" not in detail
    docx = proposer.get(detail["letter"]["docx"])
    pdf = proposer.get(detail["letter"]["pdf"])
    assert_letter_format(pdf.data, docx.data, reply.doc_number)
    assert error(api(world.clerk).get(f"replies/{awaiting_approval(world).id}/letter.pdf"), 409)["code"] == "wrong_state"


def test_extension_requests_through_the_api(api, world):
    p = received(world)
    clerk = api(world.clerk)
    asked = clerk.act("assignments", lead_of(p).id, "request-extension", {"reason": "复杂", "asked_due": "2026-07-31"})
    [row] = clerk.get(f"proposals/{p.id}").get_json()["extension_requests"]
    assert (row["state"], row["actions"]) == ("awaiting_leader", [])
    assert asked["id"] == lead_of(p).id
    office = api(world.office)
    assert error(office.post(f"extension-requests/{row['id']}/actions/grant"), 409)["state"] == "awaiting_leader"
    endorsed = api(world.approver).act("extension-requests", row["id"], "endorse")
    assert endorsed["state"] == "awaiting_office"
    assert office.get(f"extension-requests/{row['id']}").get_json()["actions"] == ["grant", "refuse"]
    assert error(office.post(f"extension-requests/{row['id']}/actions/grant", json={"due": "2027-01-01"}),
                 400)["field"] == "due"
    granted = office.act("extension-requests", row["id"], "grant", {"due": "2026-07-15", "note": "同意"})
    assert (granted["state"], granted["granted_due"]) == ("granted", "2026-07-15")
    reply_clock = next(c for c in clerk.get(f"assignments/{lead_of(p).id}").get_json()["clocks"] if c["kind"] == "reply")
    assert (reply_clock["due_date"], reply_clock["period"]) == ("2026-07-15", None)
    assert error(api(world.coclerk).get(f"extension-requests/{row['id']}"), 404)["code"] == "not_found"


def test_office_decisions_and_category_correction(api, world):
    reply = sent(world)
    office = api(world.office)
    assert error(office.post(f"proposals/{reply.proposal_id}/actions/close", json={"note": "x"}), 409)["state"] == "replied"
    assert "order-rehandling" not in office.get(f"proposals/{reply.proposal_id}").get_json()["actions"]
    api(world.proposer).act("replies", reply.id, "feedback", {
        "rating": "unsatisfied", "attitude": "satisfied", "result": "unsatisfied", "comments": "未落实"})
    view = office.get(f"proposals/{reply.proposal_id}").get_json()
    assert {"order-rehandling", "close"} <= set(view["actions"])
    assert error(office.post(f"replies/{reply.id}/actions/correct-category", json={"resolution": "Z", "note": "x"}),
                 400)["field"] == "resolution"
    corrected = office.act("replies", reply.id, "correct-category", {"resolution": "C", "note": "应为C类"})
    assert corrected["resolution"] == "C"
    closed = office.act("proposals", reply.proposal_id, "close", {"note": "已说明，予以办结。"})
    assert (closed["state"], closed["close_reason"], closed["close_note"]) == ("closed", "office", "已说明，予以办结。")


def test_co_signature_through_the_api(api, world):
    from workflow.services import settings

    settings.put("co_signature_before_approval", True)
    reply = awaiting_approval(world)
    assert reply.state == "cosigning"
    coclerk = api(world.coclerk)
    seen = coclerk.get(f"replies/{reply.id}").get_json()
    assert seen["actions"] == ["cosign", "object"]
    assert error(coclerk.post(f"replies/{reply.id}/actions/object"), 400)["field"] == "note"
    done = coclerk.act("replies", reply.id, "cosign")
    assert done["state"] == "awaiting_approval" and done["cosigns"][0]["state"] == "confirmed"


@pytest.mark.parametrize("user", ["proposer", "clerk", "office"])
def test_an_approved_reply_has_its_letter_links_for_those_who_see_it(api, world, user):
    reply = approved(world)
    response = api(getattr(world, user)).get(f"replies/{reply.id}")
    if user == "proposer":
        assert response.status_code == 404  # not sent yet
    else:
        assert response.get_json()["letter"]["pdf"].endswith(f"/replies/{reply.id}/letter.pdf")
