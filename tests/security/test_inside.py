"""What is internal stays inside (issue 9 §11, first two bullets): a reply's drafts and the
comments on them, a publication's withdrawal reason and a joint draft before its submission.
Each test is the case the security review found, through the pages and the API."""
from __future__ import annotations

import pytest

from tests.factories import NOW
from tests.handling_support import LATER
from tests.public.support import credit_codes
from tests.security.support import sent_after_two_drafts
from workflow.services import publication, submission

# Who reads a sent reply: its proposer, the co-signer who confirmed, the co bureau's clerk.
OUTSIDERS = ("proposer", "proposer2", "coclerk")


@pytest.fixture
def reply(w):
    return sent_after_two_drafts(w)


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_cannot_compare_the_bureaus_drafts(en, w, reply, username):
    client = en(username)
    assert client.get(f"/replies/{reply.id}").status_code == 200  # they do read the reply
    assert client.get(f"/replies/{reply.id}/compare?a=1&b=2").status_code == 404
    page = client.get(f"/replies/{reply.id}").text
    assert 'data-testid="versions"' not in page and "第一稿" not in page


@pytest.mark.parametrize("username", ("clerk", "approver", "office"))
def test_the_bureau_and_the_office_compare_the_drafts(en, reply, username):
    page = en(username).get(f"/replies/{reply.id}/compare?a=1&b=2")
    assert page.status_code == 200 and "第一稿" in page.text


@pytest.mark.parametrize("username", OUTSIDERS)
def test_the_api_gives_outsiders_no_versions_and_no_comments(api, w, reply, username):
    body = api(getattr(w, username)).get(f"replies/{reply.id}").get_json()
    assert body["state"] == "sent"
    assert "versions" not in body and body["return_note"] is None
    assert "口径" not in str(body)
    inside = api(w.clerk).get(f"replies/{reply.id}").get_json()
    assert [v["number"] for v in inside["versions"]] == [1, 2]


def test_a_file_taken_off_a_draft_stays_inside(en, api, w, reply):
    assert en("clerk").get(f"/files/{reply.internal_file_id}").status_code == 200
    for username in OUTSIDERS:
        assert en(username).get(f"/files/{reply.internal_file_id}").status_code == 404
        assert api(getattr(w, username)).get(f"attachments/{reply.internal_file_id}").status_code == 404


def _withdrawn(w, reply):
    credit_codes(w)
    row = publication.publish(w.office, reply.id, LATER)
    return publication.withdraw(w.office, row.id, "内部原因：误将联系人手机号公开", LATER)


@pytest.mark.parametrize("username", ("proposer", "proposer2"))
def test_members_see_a_withdrawal_without_its_internal_reason(en, w, reply, username):
    _withdrawn(w, reply)
    page = en(username).get(f"/publishing/replies/{reply.id}")
    assert page.status_code == 200 and "Withdrawn" in page.text
    assert "内部原因" not in page.text and 'data-testid="withdraw-reason"' not in page.text
    assert w.office.name not in page.text


def test_the_office_sees_why_it_withdrew(en, w, reply):
    _withdrawn(w, reply)
    assert "内部原因" in en("office").get(f"/publishing/replies/{reply.id}").text
    assert "内部原因" in en("approver").get(f"/publishing/replies/{reply.id}").text


def test_a_joint_draft_is_its_authors_until_submitted(en, api, w):
    joint = w.draft(w.proposer, title="联名草稿", author_kind="joint", cosigner_ids=[w.proposer2.id])
    cosigner_page, cosigner_api = en("proposer2"), api(w.proposer2)
    assert cosigner_page.get(f"/proposals/{joint.id}").status_code == 404
    assert "联名草稿" not in cosigner_page.get("/proposals/").text
    assert cosigner_api.get(f"proposals/{joint.id}").status_code == 404
    assert joint.id not in {p["id"] for p in cosigner_api.get("proposals").get_json()["items"]}
    assert cosigner_api.post(f"proposals/{joint.id}/actions/confirm-cosign").status_code == 404

    submission.submit(w.proposer, joint.id, NOW)
    assert cosigner_page.get(f"/proposals/{joint.id}").status_code == 200
    assert cosigner_api.get(f"proposals/{joint.id}").get_json()["state"] == "awaiting_cosigners"


def test_a_joint_draft_returned_to_its_author_is_hidden_again(api, w):
    joint = w.draft(w.proposer, author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, joint.id, NOW)
    submission.answer_cosign(w.proposer2, joint.id, False, NOW, "不参与")
    assert api(w.proposer2).get(f"proposals/{joint.id}").status_code == 404
