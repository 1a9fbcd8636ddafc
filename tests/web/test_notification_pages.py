"""Reminders in the application: the bell, the notifications page, the digest choice, the office's
manual reminder (催办) from the item page, the timeline, the admin screens and /healthz."""
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.factories import REMINDERS, give_emails
from workflow.domain.deadlines import SHANGHAI
from workflow.extensions import db
from workflow.models import Event, MailboxMessage, Notification, User
from workflow.services import delivery, reminders

SWEPT = datetime(2026, 3, 12, 9, 1, tzinfo=SHANGHAI)  # the receipt clocks' "1 working day before"


def html(response) -> str:
    return response.get_data(as_text=True)


def english(client):
    client.post("/lang/en", data={"next": "/"})
    return client


def rows(**where) -> list[Notification]:
    """Reminder rows; the bell also lists the assignment's notice to each clerk (test_notice_pages.py)."""
    db.session.expire_all()
    query = select(Notification).filter_by(**where).where(REMINDERS).order_by(Notification.id)
    return db.session.execute(query).scalars().all()


@pytest.fixture
def handled(w):
    give_emails(w.clerk, w.approver, w.coclerk, w.office)
    return w.proposal("in_handling")


def unread_badge(page: str) -> str | None:
    match = re.search(r'data-testid="unread-count">(\d+)<', page)
    return match.group(1) if match else None


def test_the_bell_counts_unread_notifications_until_they_are_read(login, w, handled):
    client = english(login("clerk"))
    assert unread_badge(html(client.get("/"))) == "1"  # the notice of the assignment itself
    reminders.sweep(SWEPT)
    page = html(client.get("/notifications/"))
    assert unread_badge(page) == "2"
    assert handled.title in page and "Sign for assignment" in page and "2026-03-13" in page
    mine = rows(recipient_id=w.clerk.id)[0]
    others = rows(recipient_id=w.coclerk.id)[0]
    # Marking someone else's notification read does nothing.
    client.post("/notifications/read", data={"id": str(others.id)})
    assert rows(id=others.id)[0].read_at is None
    response = client.post("/notifications/read", data={"id": str(mine.id)})
    assert response.status_code == 302
    assert rows(id=mine.id)[0].read_at is not None
    assert unread_badge(html(client.get("/"))) == "1"
    assert 'data-read="yes"' in html(client.get("/notifications/"))


def test_mark_all_read(login, w, handled):
    reminders.sweep(SWEPT)
    reminders.sweep(datetime(2026, 3, 13, 9, 1, tzinfo=SHANGHAI))
    client = login("coclerk")
    assert unread_badge(html(client.get("/"))) == "3"  # two reminders and the assignment's notice
    client.post("/notifications/read", data={"all": "1"})
    assert [n.read_at is not None for n in rows(recipient_id=w.coclerk.id)] == [True, True]
    assert unread_badge(html(client.get("/"))) is None


def test_choosing_the_daily_digest(login, w, handled):
    client = english(login("clerk"))
    page = html(client.get("/notifications/preferences"))
    assert 'name="email_digest"' in page and "checked" not in page.split('name="email_digest"')[1][:40]
    response = client.post("/notifications/preferences", data={"email_digest": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, w.clerk.id).email_digest is True
    reminders.sweep(SWEPT)
    assert rows(recipient_id=w.clerk.id)[0].delivery == "digest"
    client.post("/notifications/preferences", data={})
    db.session.expire_all()
    assert db.session.get(User, w.clerk.id).email_digest is False


def test_the_office_reminds_the_bureaus_from_the_item_page(login, w, handled):
    client = english(login("office"))
    page = html(client.get(f"/proposals/{handled.id}"))
    assert 'data-testid="remind-form"' in page and "市经信局" in page.split('data-testid="remind-form"')[1]
    lead = next(a for a in handled.assignments if a.bureau_id == w.lead.id)
    response = client.post(f"/notifications/remind/{handled.id}",
                           data={"note": "请本周内报送答复初稿", "assignment_id": str(lead.id)})
    assert response.status_code == 302
    assert {n.recipient.username for n in rows()} == {"clerk", "approver"}
    page = html(client.get(f"/proposals/{handled.id}"))
    assert "Reminder sent to 2 people." in page
    timeline = page.split('data-testid="timeline"')[1]
    assert "Reminder (催办)" in timeline and "请本周内报送答复初稿" in timeline
    # The clerk sees it under the bell, with the office's note.
    clerk = html(english(login("clerk")).get("/notifications/"))
    assert "请本周内报送答复初稿" in clerk and unread_badge(clerk) == "2"  # and the assignment's notice


def test_a_manual_reminder_needs_a_note_and_the_office(login, w, handled):
    client = english(login("office"))
    page = html(client.post(f"/notifications/remind/{handled.id}", data={"note": " "}, follow_redirects=True))
    assert "Write what the bureau is reminded of." in page
    clerk = english(login("clerk"))
    assert 'data-testid="remind-form"' not in html(clerk.get(f"/proposals/{handled.id}"))
    page = html(clerk.post(f"/notifications/remind/{handled.id}", data={"note": "x"}, follow_redirects=True))
    assert "You may not do this" in page
    assert rows() == []


def test_reminders_appear_on_the_timeline(login, w, handled):
    reminders.sweep(SWEPT)
    page = html(english(login("office")).get(f"/proposals/{handled.id}"))
    entries = re.findall(r'data-testid="reminder-event">(.*?)</div>', page, re.S)
    assert len(entries) == 2
    text = " ".join(" ".join(e.split()) for e in entries)
    assert "Sign for assignment" in text and "due 2026-03-13" in text and "1 working day left" in text
    assert "clerk" in text and "coclerk" in text


def test_admins_see_every_notification_and_retry_a_failed_one(login, w, handled, app):
    reminders.sweep(SWEPT)
    failed = rows(recipient_id=w.clerk.id)[0]
    failed.state, failed.attempts, failed.last_error = "failed", 8, "ConnectionRefusedError"
    db.session.commit()
    client = english(login("admin"))
    page = html(client.get("/admin/notifications"))
    # Pending: the co clerk's reminder and the assignment's notices to both clerks.
    assert re.search(r'data-testid="count-failed">1<', page) and re.search(r'data-testid="count-pending">3<', page)
    assert "ConnectionRefusedError" in page and f'data-testid="retry-{failed.id}"' in page
    assert re.search(r'data-testid="last-sweep">\d{4}-\d\d-\d\d', page)
    assert 'data-state="failed"' in html(client.get("/admin/notifications?state=failed"))
    assert 'data-state="pending"' not in html(client.get("/admin/notifications?state=failed"))
    response = client.post(f"/admin/notifications/{failed.id}/retry")
    assert response.status_code == 302
    again = rows(id=failed.id)[0]
    assert (again.state, again.attempts) == ("pending", 0)
    assert english(login("office")).get("/admin/notifications").status_code == 403


def test_the_local_mailbox_shows_every_message(login, w, handled, app):
    assert app.config["MAIL_SERVER"] is None
    report = reminders.sweep(SWEPT)
    delivery.deliver(report.single_ids, SWEPT)
    client = english(login("admin"))
    page = html(client.get("/admin/outbox"))
    assert page.count('data-testid="outbox-message"') == 2 and handled.title in page
    message = db.session.execute(select(MailboxMessage).order_by(MailboxMessage.id)).scalars().first()
    page = html(client.get(f"/admin/outbox/{message.id}"))
    assert "2026-03-13" in page and f"/proposals/{handled.id}" in page
    raw = client.get(f"/admin/outbox/{message.id}/html")
    assert raw.mimetype == "text/html" and "sandbox" in raw.headers["Content-Security-Policy"]
    assert "<html>" in html(raw)
    assert client.get("/admin/outbox/999999").status_code == 404
    assert login("clerk").get("/admin/outbox").status_code == 403


def test_healthz_reports_the_last_sweep_and_the_queue(client, w, handled):
    before = client.get("/healthz").get_json()["notifications"]
    # The assignment's notices to the two clerks wait for a sender (tests hand rows over themselves).
    assert before == {"ok": True, "last_sweep": None, "pending": 2, "failed": 0}
    reminders.sweep(SWEPT)
    row = rows()[0]
    row.state = "failed"
    db.session.commit()
    after = client.get("/healthz").get_json()["notifications"]
    assert after["pending"] == 3 and after["failed"] == 1
    assert datetime.fromisoformat(after["last_sweep"]).tzinfo is not None


def test_the_timeline_entry_is_recorded_once_per_threshold(w, handled):
    reminders.sweep(SWEPT)
    reminders.sweep(SWEPT)
    events = db.session.execute(select(Event).where(Event.action == "reminder")).scalars().all()
    assert len(events) == 2


def test_admins_set_the_reminder_offsets(login, w):
    client = english(login("admin"))
    page = html(client.get("/admin/settings"))
    assert 'id="reminder_offsets"' in page and 'value="10, 5, 1, 0"' in page
    from workflow.domain.clocks import DEFAULT_PERIODS

    data = {f"period_{kind}": period for kind, period in DEFAULT_PERIODS.items()}
    response = client.post("/admin/settings", data={**data, "reminder_offsets": "15，3, 0"})
    assert response.status_code == 302
    db.session.expire_all()
    from workflow.services import settings

    assert settings.get("reminder.offsets") == [15, 3, 0]
    page = html(client.post("/admin/settings", data={**data, "reminder_offsets": "3, 100"}))
    assert "each from 0 to 60" in page
    assert settings.get("reminder.offsets") == [15, 3, 0]
