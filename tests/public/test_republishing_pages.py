"""Publishing a withdrawn reply again from the publishing screens: the button on the publication's
page, the masked preview with the corrected marks, the portal and the feed afterwards, the item's
timeline; and who is refused."""
from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

from tests.factories import World
from tests.public.support import MASKING_BODY, PUBLISHED_AT, sent_reply
from workflow.extensions import db
from workflow.models import Publication
from workflow.services import publication, settings

ATOM = "{http://www.w3.org/2005/Atom}"
REASON = "张三丰的姓名未脱敏"


def html(response) -> str:
    return response.get_data(as_text=True)


def withdrawn(w: World, by=None) -> Publication:
    reply = sent_reply(w, body=MASKING_BODY)
    row = publication.publish(by or w.office, reply.id, PUBLISHED_AT)
    return publication.withdraw(by or w.office, row.id, REASON, PUBLISHED_AT + timedelta(days=1))


def current(row: Publication) -> Publication:
    db.session.expire_all()
    return db.session.get(Publication, row.id)


def test_correcting_the_marks_and_publishing_again(w, login, client) -> None:
    row = withdrawn(w)
    office = login("office")
    page = html(office.get(f"/publishing/replies/{row.reply_id}"))
    assert 'data-testid="republish-card"' in page and 'data-testid="withdraw-form"' not in page
    assert f'href="/publishing/publications/{row.id}/republish"' in page
    form = html(office.get(f"/publishing/publications/{row.id}/republish"))
    assert 'data-testid="masked-preview"' in form and 'data-testid="republish"' in form
    assert REASON in form and row.index_number in form and 'data-testid="publish"' not in form
    shown = html(office.post(f"/publishing/publications/{row.id}/republish",
                             data={"phrases": "张三丰", "topic": row.topic, "action": "preview"}))
    assert 'data-kind="manual" title="张三丰">***</mark>' in shown
    assert current(row).state == "withdrawn"  # a preview changes nothing
    response = office.post(f"/publishing/publications/{row.id}/republish",
                           data={"phrases": "张三丰", "topic": row.topic, "action": "republish"})
    assert response.status_code == 302 and response.headers["Location"] == f"/publishing/replies/{row.reply_id}"
    again = current(row)
    assert again.state == "published" and again.index_number == row.index_number and "张三丰" not in again.body
    public = client.get(f"/public/replies/{row.id}")
    assert public.status_code == 200 and "***先生" in html(public)
    feed = ElementTree.fromstring(client.get("/public/feed.atom").data)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text.endswith(f"/public/replies/{row.id}")
    assert entry.find(f"{ATOM}updated").text == again.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    timeline = html(office.get(f"/proposals/{row.proposal_id}"))
    assert 'data-action="withdraw-publication"' in timeline and 'data-action="republish"' in timeline
    assert timeline.count(REASON) >= 2  # the withdrawal's note, and the republication that undid it


def test_marks_saved_while_withdrawn_stay_on_the_republish_page(w, login) -> None:
    row = withdrawn(w)
    office = login("office")
    response = office.post(f"/publishing/publications/{row.id}/republish", data={"phrases": "张三丰", "action": "save"})
    assert response.headers["Location"] == f"/publishing/publications/{row.id}/republish"
    assert publication.stored_phrases(row.reply_id) == ["张三丰"] and current(row).state == "withdrawn"


def test_the_approver_may_correct_marks_but_not_republish_in_office_mode(w, login) -> None:
    row = withdrawn(w)
    approver = login("approver")
    page = html(approver.get(f"/publishing/replies/{row.reply_id}"))
    assert 'data-testid="open-republish"' in page
    form = html(approver.get(f"/publishing/publications/{row.id}/republish"))
    assert 'data-testid="save-marks"' in form and 'data-testid="republish"' not in form
    approver.post(f"/publishing/publications/{row.id}/republish", data={"action": "republish"})
    assert current(row).state == "withdrawn"


def test_the_clerk_and_other_bureaus_are_refused(w, login) -> None:
    row = withdrawn(w)
    clerk = login("clerk")
    assert clerk.get(f"/publishing/publications/{row.id}/republish").status_code == 403
    assert clerk.post(f"/publishing/publications/{row.id}/republish", data={"action": "republish"}).status_code == 403
    other = login("otherclerk")
    assert other.post(f"/publishing/publications/{row.id}/republish", data={"action": "republish"}).status_code == 404
    assert login("office").get("/publishing/publications/2000000/republish").status_code == 404
    assert current(row).state == "withdrawn"


def test_a_published_reply_is_not_republished(w, login) -> None:
    reply = sent_reply(w)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    office = login("office")
    assert 'data-testid="republish-card"' not in html(office.get(f"/publishing/replies/{reply.id}"))
    assert office.get(f"/publishing/publications/{row.id}/republish").headers["Location"] == f"/publishing/replies/{reply.id}"
    response = office.post(f"/publishing/publications/{row.id}/republish", data={"action": "republish"})
    assert response.status_code == 302 and response.headers["Location"] == f"/publishing/replies/{reply.id}"
    assert current(row).published_at == PUBLISHED_AT
    assert "当前状态为“已公开”，不能进行“重新公开”操作。" in html(office.get(f"/publishing/replies/{reply.id}"))


def test_in_bureau_mode_the_clerk_republishes_and_the_office_may_not(w, login) -> None:
    settings.put("publication.publisher", "bureau")
    db.session.commit()
    row = withdrawn(w, by=w.clerk)
    office = login("office")
    assert 'data-testid="republish"' not in html(office.get(f"/publishing/publications/{row.id}/republish"))
    refused = office.post(f"/publishing/publications/{row.id}/republish", data={"action": "republish"})
    assert "您无权进行此操作：重新公开。" in html(refused) and current(row).state == "withdrawn"
    response = login("clerk").post(f"/publishing/publications/{row.id}/republish", data={"action": "republish"})
    assert response.status_code == 302 and current(row).state == "published"
    assert current(row).published_by_id == w.clerk.id
