"""Issue 9 §2 and §9 through the API: approve-reassignment names the new bureaus in the same step
(or the item waits as 待重新交办), merge takes a number as written, and both items show the merge."""
from __future__ import annotations

from workflow.clock import utcnow
from workflow.models import Assignment


def lead(world, proposal):
    return Assignment.query.filter_by(proposal_id=proposal.id, bureau_id=world.lead.id).one()


def test_approve_reassignment_with_the_new_bureaus(api, world):
    proposal = world.proposal("in_handling", now=utcnow())
    asked = lead(world, proposal)
    api(world.clerk).act("assignments", asked.id, "request-reassignment", {"reason": "不属于我局职责"})
    office = api(world.office)
    body = office.act("assignments", asked.id, "approve-reassignment",
                      {"bureaus": [{"bureau_id": world.other.id, "role": "lead"}]})
    assert body["state"] == "withdrawn"
    item = office.get(f"proposals/{proposal.id}").get_json()
    active = {(a["bureau"]["code"], a["role"], a["state"]) for a in item["assignments"]}
    assert ("other", "lead", "pending_receipt") in active and item["state"] == "in_handling"
    assert "reassign" not in {c["kind"] for c in item["clocks"] if c["running"]}


def test_approve_reassignment_without_bureaus_starts_the_offices_clock(api, world):
    proposal = world.proposal("in_handling", now=utcnow())
    asked = lead(world, proposal)
    api(world.clerk).act("assignments", asked.id, "request-reassignment", {"reason": "不属于我局职责"})
    api(world.clerk).act("assignments", asked.id, "approve-reassignment", status=403)  # only the office
    office = api(world.office)
    office.act("assignments", asked.id, "approve-reassignment", {"note": "另行交办"})
    item = office.get(f"proposals/{proposal.id}").get_json()
    assert "reassign" in {c["kind"] for c in item["clocks"] if c["running"]}
    assert "assign" in item["actions"]


def test_refusing_with_bureaus_is_invalid(api, world):
    proposal = world.proposal("in_handling", now=utcnow())
    asked = lead(world, proposal)
    api(world.clerk).act("assignments", asked.id, "request-reassignment", {"reason": "不属于我局职责"})
    api(world.office).act("assignments", asked.id, "refuse-reassignment",
                          {"note": "属于你局职责", "bureaus": [{"bureau_id": world.other.id, "role": "lead"}]},
                          status=400)


def test_merge_by_number_as_written(api, world):
    target = world.proposal("filed", title="主提案")
    merged = world.proposal("under_review", title="并入的提案")
    office = api(world.office)
    body = office.act("proposals", merged.id, "merge", {"target": "第７号".replace("７", "1")})
    assert body["merged_into"] == {"id": target.id, "number": "第1号"} and body["number"] is None
    main = office.get(f"proposals/{target.id}").get_json()
    assert [m["id"] for m in main["merged"]] == [merged.id]
    assert "assign" not in office.get(f"proposals/{merged.id}").get_json()["actions"]
    office.act("proposals", merged.id, "assign", {"bureaus": [{"bureau_id": world.lead.id, "role": "lead"}]},
               status=409)


def test_merge_with_a_bare_number_of_several_delegations_asks_for_the_full_one(api, world):
    world.proposal("filed", author=world.deputy)  # 义1号
    world.proposal("filed", author=world.deputy2)  # 东1号
    merged = world.proposal("under_review", author=world.deputy)
    office = api(world.office)
    refused = office.act("proposals", merged.id, "merge", {"target": "1"}, status=400)
    assert "target_id" in str(refused)
    body = office.act("proposals", merged.id, "merge", {"target": "东１号"})
    assert body["merged_into"]["number"] == "东1号"
