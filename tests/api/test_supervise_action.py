"""Supervision notes through the API: one entry of the action table, and the notes in the
proposal's detail for those who may read them."""
from sqlalchemy import select

from tests.handling_support import lead_of
from workflow.extensions import db
from workflow.models import Notification


def test_the_office_supervises_and_the_addressed_bureau_reads_it(api, world):
    proposal = world.proposal("in_handling")
    office = api(world.office)
    assert "supervise" in office.get(f"proposals/{proposal.id}").get_json()["actions"]
    body = office.act("proposals", proposal.id, "supervise",
                      {"body": "请于月底前报送进展。", "assignment_id": lead_of(proposal).id})
    [note] = body["supervision_notes"]
    assert note["body"] == "请于月底前报送进展。" and note["bureau"]["code"] == "lead"
    assert note["created_by"]["id"] == world.office.id
    rows = db.session.execute(select(Notification).where(Notification.threshold.startswith("event:supervised:")))
    assert [n.recipient.username for n in rows.scalars()] == ["clerk"]

    lead = api(world.clerk).get(f"proposals/{proposal.id}").get_json()
    assert [n["body"] for n in lead["supervision_notes"]] == ["请于月底前报送进展。"]
    assert "supervise" not in lead["actions"]
    assert api(world.coclerk).get(f"proposals/{proposal.id}").get_json()["supervision_notes"] == []
    mine = api(world.proposer).get(f"proposals/{proposal.id}").get_json()
    assert mine["supervision_notes"] == []
    assert all(e["action"] != "supervise" for e in mine["timeline"])


def test_supervise_refusals(api, world):
    proposal = world.proposal("in_handling")
    response = api(world.office).post(f"proposals/{proposal.id}/actions/supervise", json={"body": " "})
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "body")
    response = api(world.office).post(f"proposals/{proposal.id}/actions/supervise",
                                      json={"body": "x", "assignment_id": 2**31 - 1})
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "assignment_id")
    response = api(world.clerk).post(f"proposals/{proposal.id}/actions/supervise", json={"body": "x"})
    assert response.status_code == 403


def test_openapi_documents_the_supervise_action(api):
    doc = api().get("openapi.json").get_json()
    op = doc["paths"]["/api/v1/proposals/{proposal_id}/actions/supervise"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"body", "assignment_id"}
