"""The office's manual reminder (催办) through the API: one entry of the action table."""
from sqlalchemy import select

from workflow.extensions import db
from workflow.models import Event, Notification


def test_the_office_reminds_through_the_api(api, world):
    proposal = world.proposal("in_handling")
    office = api(world.office)
    detail = office.get(f"proposals/{proposal.id}").get_json()
    assert "remind" in detail["actions"]
    assert "remind" not in api(world.clerk).get(f"proposals/{proposal.id}").get_json()["actions"]
    body = office.act("proposals", proposal.id, "remind", {"note": "请尽快签收"})
    assert any(e["action"] == "remind" and e["note"] == "请尽快签收" for e in body["timeline"])
    found = db.session.execute(select(Notification).where(Notification.threshold.like("manual:%"))).scalars().all()
    assert {n.recipient.username for n in found} == {"clerk", "approver", "coclerk"}
    assert len(db.session.execute(select(Event).where(Event.action == "remind")).scalars().all()) == 2
    assert body["reminded"] == 3


def test_a_remind_that_reaches_nobody_says_so(api, world):
    """Issue 9 §10: the bureaus have no active clerk or leader, so nobody is told, and the answer
    says so instead of looking like any other reminder."""
    proposal = world.proposal("in_handling")
    for user in (world.clerk, world.approver, world.coclerk):
        user.active = False
    db.session.commit()
    body = api(world.office).act("proposals", proposal.id, "remind", {"note": "请尽快签收"})
    assert body["reminded"] == 0
    assert db.session.execute(select(Notification).where(Notification.threshold.like("manual:%"))).first() is None


def test_remind_refusals(api, world):
    proposal = world.proposal("in_handling")
    response = api(world.office).post(f"proposals/{proposal.id}/actions/remind", json={})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "note"
    response = api(world.office).post(f"proposals/{proposal.id}/actions/remind",
                                      json={"note": "x", "assignment_id": 2**31 - 1})
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "assignment_id")
    response = api(world.clerk).post(f"proposals/{proposal.id}/actions/remind", json={"note": "x"})
    assert response.status_code == 403
    filed = world.proposal("filed")
    response = api(world.office).post(f"proposals/{filed.id}/actions/remind", json={"note": "x"})
    assert (response.status_code, response.get_json()["error"]["state"]) == (409, "filed")


def test_openapi_documents_the_remind_action(api):
    doc = api().get("openapi.json").get_json()
    op = doc["paths"]["/api/v1/proposals/{proposal_id}/actions/remind"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"note", "assignment_id"}
