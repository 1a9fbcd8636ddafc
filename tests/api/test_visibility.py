"""Who sees what (SPEC 1) through the API: lists, single items, and 404 rather than 403."""
from __future__ import annotations

from tests.factories import NOW
from workflow.models import Assignment
from workflow.services import assignment, submission
from workflow.services.assignment import BureauChoice


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


def test_proposer_sees_own_and_cosigned_only(api, world):
    own = world.draft(world.proposer, title="自己的提案")
    cosigned = world.draft(world.proposer2, title="联名提案", author_kind="joint", cosigner_ids=[world.proposer.id])
    foreign = world.draft(world.proposer2, title="别人的提案")
    client = api(world.proposer)

    # A joint draft is its author's until submitted (tests/security/test_inside.py).
    assert _ids(client.get("proposals")) == {own.id}
    submission.submit(world.proposer2, cosigned.id, NOW)
    assert _ids(client.get("proposals")) == {own.id, cosigned.id}
    assert client.get(f"proposals/{cosigned.id}").get_json()["title"] == "联名提案"
    hidden = client.get(f"proposals/{foreign.id}")
    assert hidden.status_code == 404
    assert hidden.get_json()["error"]["code"] == "not_found"
    # Acting on an item one may not see is 404 too: a 403 would tell it exists.
    assert client.post(f"proposals/{foreign.id}/actions/withdraw").status_code == 404
    assert _ids(api(world.proposer2).get("proposals")) == {cosigned.id, foreign.id}


def test_bureau_staff_see_only_their_bureau(api, world):
    mine = world.proposal("in_handling", title="小微企业")  # lead bureau and co bureau
    theirs = world.proposal("filed", title="学校")
    assignment.assign(world.office, theirs.id, [BureauChoice(world.other.id, "lead")], NOW)
    world.proposal("under_review", title="未交办")
    their_assignment = Assignment.query.filter_by(proposal_id=theirs.id).one()

    clerk = api(world.clerk)
    assert _ids(clerk.get("proposals")) == {mine.id}
    assert _ids(api(world.approver).get("proposals")) == {mine.id}
    assert _ids(api(world.coclerk).get("proposals")) == {mine.id}
    assert _ids(api(world.otherclerk).get("proposals")) == {theirs.id}

    assert clerk.get(f"proposals/{theirs.id}").status_code == 404
    assert clerk.get(f"assignments/{their_assignment.id}").status_code == 404
    refused = clerk.post(f"assignments/{their_assignment.id}/actions/receive")
    assert refused.status_code == 404
    assert api(world.otherclerk).get(f"assignments/{their_assignment.id}").status_code == 200


def test_office_sees_everything_but_drafts_and_filters(api, world):
    draft = world.draft(title="草稿")
    filed = world.proposal("filed", title="关于公路养护的建议")
    npc = world.proposal("under_review", author=world.deputy, title="代表建议")
    handled = world.proposal("in_handling", title="交办件")
    office = api(world.office)

    assert _ids(office.get("proposals")) == {filed.id, npc.id, handled.id}
    assert office.get(f"proposals/{draft.id}").status_code == 404
    assert _ids(office.get("proposals?state=filed")) == {filed.id}
    assert _ids(office.get("proposals?channel=npc")) == {npc.id}
    assert _ids(office.get(f"proposals?session={world.npc_session.id}")) == {npc.id}
    assert _ids(office.get(f"proposals?bureau={world.co.id}")) == {handled.id}
    assert _ids(office.get("proposals?q=公路")) == {filed.id}
    assert _ids(office.get("proposals?q=" + filed.number)) == {filed.id}
    # Made on 2026-03-10, the review clocks of the submitted ones ran out long ago.
    assert draft.id not in _ids(office.get("proposals?overdue=true"))
    assert npc.id in _ids(office.get("proposals?overdue=1"))


def test_list_is_paginated(api, world):
    made = [world.proposal("submitted", title=f"提案{n}") for n in range(5)]
    office = api(world.office)
    first = office.get("proposals?per_page=2").get_json()
    assert (first["page"], first["per_page"], first["total"], len(first["items"])) == (1, 2, 5, 2)
    third = office.get("proposals?per_page=2&page=3").get_json()
    assert len(third["items"]) == 1
    seen = {i["id"] for p in (1, 2, 3) for i in office.get(f"proposals?per_page=2&page={p}").get_json()["items"]}
    assert seen == {p.id for p in made}
    assert office.get("proposals").get_json()["per_page"] == 20


def test_bad_filters_are_400_with_the_field(api, world):
    office = api(world.office)
    for query, field in [
        ("state=bogus", "state"),
        ("channel=senate", "channel"),
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("session=abc", "session"),
        ("overdue=maybe", "overdue"),
        ("q=" + "长" * 101, "q"),
    ]:
        response = office.get(f"proposals?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"]["field"] == field


def test_detail_lists_the_actions_each_caller_may_take(api, world):
    draft = world.draft()
    assert api(world.proposer).get(f"proposals/{draft.id}").get_json()["actions"] == ["edit", "submit", "withdraw"]
    assert api(world.proposer2).get(f"proposals/{draft.id}").status_code == 404

    handled = world.proposal("in_handling")
    office_view = api(world.office).get(f"proposals/{handled.id}").get_json()
    assert office_view["actions"] == ["set-key", "assign", "remind", "supervise"]
    assert [a["actions"] for a in office_view["assignments"]] == [["withdraw"], ["withdraw"]]

    clerk_view = api(world.clerk).get(f"proposals/{handled.id}").get_json()
    assert clerk_view["actions"] == []
    by_bureau = {a["bureau"]["code"]: a["actions"] for a in clerk_view["assignments"]}
    assert by_bureau == {"lead": ["receive", "request-reassignment"], "co": []}
    assert api(world.proposer).get(f"proposals/{handled.id}").get_json()["assignments"][0]["actions"] == []


def test_detail_shows_cosigners_clocks_assignments_and_timeline(api, world):
    proposal = world.draft(author_kind="joint", cosigner_ids=[world.proposer2.id])
    api(world.proposer).act("proposals", proposal.id, "submit")
    view = api(world.proposer2).get(f"proposals/{proposal.id}").get_json()

    assert view["state"] == "awaiting_cosigners"
    assert view["actions"] == ["confirm-cosign", "decline-cosign"]
    assert [(c["user"]["name"], c["state"]) for c in view["cosigners"]] == [("戴培红", "pending")]
    [cosign] = view["clocks"]
    assert (cosign["kind"], cosign["running"], cosign["provisional"]) == ("cosign", True, False)
    assert cosign["due_date"] > cosign["start_date"]
    assert [(e["action"], e["from_state"], e["to_state"]) for e in view["timeline"]] == [
        ("create", None, "draft"),
        ("submit", "draft", "awaiting_cosigners"),
    ]
    assert view["timeline"][1]["actor"]["name"] == "杨文艳"
    assert view["version"] == 2 and view["assignments"] == []


def test_members_read_an_assignment_without_the_internal_reasons(api, world):
    """Found by the authorization matrix: the proposer read the bureau's 退办 reason and the
    office's answer through the API, while the web page of the assignment is not theirs at all."""
    handled = world.proposal("in_handling")
    lead = Assignment.query.filter_by(proposal_id=handled.id, bureau_id=world.lead.id).one()
    assignment.request_reassignment(world.clerk, lead.id, "不属于本单位职责", NOW)
    assignment.decide_reassignment(world.office, lead.id, False, "请继续办理", NOW)
    for reader, shown in ((world.proposer, False), (world.clerk, True), (world.office, True)):
        body = api(reader).get(f"assignments/{lead.id}").get_json()
        assert (body["reassignment_reason"], body["decision_note"]) == (
            ("不属于本单位职责", "请继续办理") if shown else (None, None)), reader.username
        listed = api(reader).get(f"proposals/{handled.id}").get_json()["assignments"]
        assert [a["reassignment_reason"] for a in listed if a["id"] == lead.id] == (
            ["不属于本单位职责"] if shown else [None])
