"""The publishing screens: the list with the publication clock, the masked preview with marks,
publishing one or many, withdrawing; who may use them."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.public.support import MASKING_BODY, sent_reply
from workflow.extensions import db
from workflow.models import Event, Publication
from workflow.services import publication


def html(response) -> str:
    return response.get_data(as_text=True)


def test_the_office_sees_what_waits_with_its_due_date(w, login) -> None:
    reply = sent_reply(w)
    not_public = sent_reply(w, disclosure="not_public", disclosure_reason="涉及个人隐私", title="不公开的答复")
    page = html(login("office").get("/publishing/"))
    assert f'data-reply-id="{reply.id}"' in page and f'data-reply-id="{not_public.id}"' not in page
    assert "2026-04-15" in page  # the publication clock's due date
    assert 'name="reply_ids"' in page and 'data-testid="publish-selected"' in page


def test_the_preview_highlights_every_masked_span(w, login) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    page = html(login("approver").get(f"/publishing/replies/{reply.id}"))
    for kind in ("person", "contact", "mobile", "id_card", "email"):
        assert f'data-kind="{kind}"' in page, kind
    assert 'title="13858012345">138****2345</mark>' in page
    assert 'data-testid="save-marks"' in page and 'data-testid="publish"' not in page  # the approver marks only


def test_marks_saved_by_the_approver_are_used_when_the_office_publishes(w, login) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    approver = login("approver")
    response = approver.post(f"/publishing/replies/{reply.id}", data={"phrases": "张三丰\n", "action": "save"})
    assert response.status_code == 302
    assert publication.stored_phrases(reply.id) == ["张三丰"]
    page = html(approver.get(f"/publishing/replies/{reply.id}"))
    assert 'data-kind="manual" title="张三丰">***</mark>' in page
    office = login("office")
    response = office.post(f"/publishing/replies/{reply.id}",
                           data={"phrases": "张三丰", "topic": "综合政务/经济", "action": "publish"})
    assert response.status_code == 302
    row = db.session.execute(select(Publication)).scalar_one()
    assert "张三丰" not in row.body and row.topic == "综合政务/经济"
    page = html(office.get(f"/publishing/replies/{reply.id}"))
    assert row.index_number in page and 'data-testid="withdraw-form"' in page


def test_a_preview_with_a_phrase_not_in_the_letter_says_so(w, login) -> None:
    reply = sent_reply(w)
    response = login("office").post(f"/publishing/replies/{reply.id}", data={"phrases": "不存在的短语", "action": "publish"})
    assert response.status_code == 200
    assert "不存在的短语" in html(response) and db.session.execute(select(Publication)).first() is None


def test_publishing_many_at_once(w, login) -> None:
    first, second = sent_reply(w), sent_reply(w)
    response = login("office").post("/publishing/batch", data={"reply_ids": [first.id, second.id], "topic": ""})
    assert response.status_code == 302
    rows = db.session.execute(select(Publication).order_by(Publication.serial)).scalars().all()
    assert [r.reply_id for r in rows] == [first.id, second.id] and [r.serial for r in rows] == [1, 2]


def test_the_clerk_cannot_publish_in_office_mode(w, login) -> None:
    reply = sent_reply(w)
    clerk = login("clerk")
    assert clerk.get(f"/publishing/replies/{reply.id}").status_code == 403
    response = clerk.post(f"/publishing/replies/{reply.id}", data={"action": "publish"})
    assert response.status_code == 403 and db.session.execute(select(Publication)).first() is None
    clerk.post("/publishing/batch", data={"reply_ids": [reply.id]})
    assert db.session.execute(select(Publication)).first() is None


def test_who_may_open_the_publishing_screens(w, login, client) -> None:
    reply = sent_reply(w)
    assert login("proposer").get("/publishing/").status_code == 403
    assert login("otherclerk").get(f"/publishing/replies/{reply.id}").status_code == 404
    assert client.get("/publishing/").status_code == 302  # anonymous: to the login page
    other = html(login("otherclerk").get("/publishing/"))
    assert f'data-reply-id="{reply.id}"' not in other  # another bureau's reply is not listed


def test_withdrawing_from_the_screen(w, login, client) -> None:
    reply = sent_reply(w)
    office = login("office")
    office.post(f"/publishing/replies/{reply.id}", data={"action": "publish"})
    row = db.session.execute(select(Publication)).scalar_one()
    office.post(f"/publishing/publications/{row.id}/withdraw", data={"reason": ""})
    db.session.refresh(row)
    assert row.state == "published"  # no reason, no withdrawal
    office.post(f"/publishing/publications/{row.id}/withdraw", data={"reason": "含有未脱敏的信息"})
    db.session.refresh(row)
    assert row.state == "withdrawn"
    assert client.get(f"/public/replies/{row.id}").status_code == 410
    event = db.session.execute(select(Event).where(Event.action == "withdraw-publication")).scalar_one()
    assert event.note == "含有未脱敏的信息"
    listed = html(office.get("/publishing/?show=withdrawn"))
    assert row.index_number in listed
    assert re.search(r"data-testid=\"publication-list\"", listed)


def test_the_reply_page_says_where_the_reply_stands(w, login) -> None:
    reply = sent_reply(w)
    office = login("office")
    page = html(office.get(f"/replies/{reply.id}"))
    assert 'data-testid="reply-publication"' in page and "2026-04-15" in page
    assert f'href="/publishing/replies/{reply.id}"' in page
    office.post(f"/publishing/replies/{reply.id}", data={"action": "publish"})
    row = db.session.execute(select(Publication)).scalar_one()
    page = html(office.get(f"/replies/{reply.id}"))
    assert row.index_number in page and f'href="/public/replies/{row.id}"' in page
    proposer_page = html(login("proposer").get(f"/replies/{reply.id}"))
    assert row.index_number in proposer_page and 'data-testid="open-preview"' not in proposer_page


def test_publishing_many_can_publish_nothing_when_one_would_be_refused(w, login) -> None:
    """Issue 10's batch rule on the publishing page: the user chooses to save the others or nothing."""
    good = sent_reply(w)
    refused = sent_reply(w, disclosure="not_public", disclosure_reason="涉及商业秘密")
    office = login("office")
    response = office.post("/publishing/batch", data={"reply_ids": [good.id, refused.id], "topic": "",
                                                      "mode": "all_or_nothing"}, follow_redirects=True)
    assert db.session.execute(select(Publication)).first() is None
    page = html(response)
    assert f"答复{refused.id}未公开" in page and "本次未公开任何答复" in page and f"答复{good.id}未公开" not in page
    office.post("/publishing/batch", data={"reply_ids": [good.id, refused.id], "topic": "", "mode": "save_rest"})
    assert [r.reply_id for r in db.session.execute(select(Publication)).scalars()] == [good.id]
