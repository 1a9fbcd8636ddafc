"""Issue 9 §2 and §9 through the pages: approving a reassignment names the new bureau or leaves the
item on the office's work list as 待重新交办; merging accepts a number as people write it, and both
items' pages show the merge."""
from tests.factories import NOW
from tests.handling_support import lead_of
from workflow.extensions import db
from workflow.models import Assignment, Proposal
from workflow.services import assignment


def html(response) -> str:
    return response.get_data(as_text=True)


def requested(w):
    proposal = w.proposal("in_handling")
    return proposal, assignment.request_reassignment(w.clerk, lead_of(proposal).id, "不属于我局职责", NOW)


def test_approving_without_a_new_bureau_puts_the_item_on_the_offices_list(w, login):
    proposal, request = requested(w)
    office = login("office")
    page = html(office.get(f"/proposals/{proposal.id}"))
    assert 'data-testid="new-bureau"' in page and "市教育局" in page
    response = office.post(f"/office/assignments/{request.id}/decide", data={"decision": "approve"})
    assert response.status_code == 302
    worklist = html(office.get("/?task=assign_again"))
    assert "待重新交办" in worklist and proposal.title in worklist


def test_approving_with_a_new_bureau_assigns_it_in_the_same_step(w, login):
    proposal, request = requested(w)
    office = login("office")
    office.post(f"/office/assignments/{request.id}/decide",
                data={"decision": "approve", "new_bureau_id": str(w.other.id), "new_role": "lead"})
    db.session.expire_all()
    new = Assignment.query.filter_by(proposal_id=proposal.id, bureau_id=w.other.id).one()
    assert (new.role, new.state) == ("lead", "pending_receipt")
    assert "待重新交办" not in html(office.get("/"))
    assert proposal.title in html(login("otherclerk").get("/"))


def test_a_clerk_cannot_approve_through_the_page(w, login):
    proposal, request = requested(w)
    login("clerk").post(f"/office/assignments/{request.id}/decide", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(Assignment, request.id).state == "reassignment_requested"


def test_merging_by_number_as_written_and_both_pages_show_it(w, login):
    target = w.proposal("in_handling", title="关于城市停车难的提案")
    merged = w.proposal("under_review", title="关于增设停车位的提案", author=w.proposer2)
    office = login("office")
    office.post(f"/office/proposals/{merged.id}/merge", data={"target_number": "第１号", "version": merged.version})
    db.session.expire_all()
    merged = db.session.get(Proposal, merged.id)
    assert merged.merged_into_id == target.id and merged.number is None and merged.assignments == []
    shown = html(office.get(f"/proposals/{merged.id}"))
    assert 'data-testid="merge"' in shown and "第1号" in shown and "并案" in shown
    main = html(office.get(f"/proposals/{target.id}"))
    assert 'data-testid="merged-members"' in main and "关于增设停车位的提案" in main
    # The proposer of the merged item follows the item it joined; the bureau reads the merged one.
    assert login("proposer2").get(f"/proposals/{target.id}").status_code == 200
    assert "关于增设停车位的提案" in html(login("clerk").get(f"/proposals/{merged.id}"))


def test_a_bare_number_that_fits_nothing_is_refused_next_to_the_field(w, login):
    merged = w.proposal("under_review")
    office = login("office")
    response = office.post(f"/office/proposals/{merged.id}/merge", data={"target_number": "第9号"},
                           follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Proposal, merged.id).state == "under_review"
    assert "并案" in html(response) or "同一会次" in html(response)


def test_the_office_bell_shows_a_reassignment_request_and_leads_to_the_decision(w, login):
    """Issue 9 §3: before, the office heard nothing of a 退办 request."""
    proposal, _request = requested(w)
    office = login("office")
    page = html(office.get("/notifications/"))
    assert "退办申请" in page
    assert f'href="/proposals/{proposal.id}"' in page


def test_a_deputys_bell_says_the_suggestion_was_not_handled(w, login):
    from workflow.services import review

    item = w.proposal("under_review", author=w.deputy)
    review.reject(w.office, item.id, NOW, "属于个人事务")
    page = html(login("deputy").get("/notifications/"))
    assert 'data-testid="notice"' in page and f'href="/proposals/{item.id}"' in page
