"""Sending notification rows: the local mailbox, a real SMTP server on loopback, retries with
backoff, the failed state, digests, leases, and the recipient's language."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import REMINDERS, World, give_emails
from tests.smtp_sink import SmtpSink, free_port
from workflow.domain.deadlines import SHANGHAI
from workflow.extensions import db
from workflow.models import MailboxMessage, Notification
from workflow.services import delivery, reminders


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


SWEPT = at("2026-03-12 09:01")  # the receipt clocks' "1 working day before" reminders
SEND = at("2026-03-12 09:02")


@pytest.fixture
def w(ctx):
    world = World()
    world.coclerk.locale = "en"
    give_emails(world.clerk, world.approver, world.coclerk, world.office)
    return world


@pytest.fixture
def smtp(app, monkeypatch):
    sink = SmtpSink()
    monkeypatch.setitem(app.config, "MAIL_SERVER", sink.host)
    monkeypatch.setitem(app.config, "MAIL_PORT", sink.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    yield sink
    sink.release()
    sink.stop()


def swept(w):
    proposal = w.proposal("in_handling")
    report = reminders.sweep(SWEPT)
    return proposal, sorted(report.single_ids)


def states() -> dict[int, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(Notification.id, Notification.state).where(REMINDERS)).all())


def by_recipient(username: str) -> Notification:
    query = select(Notification).join(Notification.recipient).where(
        Notification.recipient.has(username=username), REMINDERS
    )
    return db.session.execute(query).scalars().one()


def notice_ids() -> list[int]:
    """The pending rows of the event notices the setup wrote (the assignments' notices to the
    clerks), which the requeue job sends too."""
    query = select(Notification.id).where(~REMINDERS, Notification.state == "pending").order_by(Notification.id)
    return db.session.execute(query).scalars().all()


def test_without_a_mail_server_mail_goes_to_the_local_mailbox_once(w, app):
    assert app.config["MAIL_SERVER"] is None
    proposal, ids = swept(w)
    outcome = delivery.deliver(ids, SEND)
    assert sorted(outcome.sent) == ids and outcome.retry == outcome.failed == []
    assert set(states().values()) == {"sent"}
    assert delivery.deliver(ids, SEND + timedelta(minutes=1)).sent == []  # nothing to send twice
    messages = db.session.execute(select(MailboxMessage).order_by(MailboxMessage.id)).scalars().all()
    assert len(messages) == 2
    to = {m.recipient.split("<")[-1].rstrip(">"): m for m in messages}
    english = to["coclerk@example.gov.cn"]
    assert english.notification_ids == [by_recipient("coclerk").id]
    assert proposal.title in english.subject and "2026-03-13" in english.subject
    assert "Sign for assignment" in english.text_body and "1 working day left" in english.text_body
    assert f"http://127.0.0.1:5000/proposals/{proposal.id}" in english.text_body
    assert f'href="http://127.0.0.1:5000/proposals/{proposal.id}"' in english.html_body
    chinese = to["clerk@example.gov.cn"]  # no locale of his own: the default, Chinese
    assert "签收" in chinese.text_body and "Sign for assignment" not in chinese.text_body


def test_over_smtp_each_message_is_html_and_plain_text(w, smtp):
    smtp.start()
    proposal, ids = swept(w)
    outcome = delivery.deliver(ids, SEND)
    assert sorted(outcome.sent) == ids
    received = smtp.wait_for(2)
    assert sorted(smtp.notification_ids()) == ids
    message = next(m for m in received if "coclerk" in m["To"])
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert "1 working day left" in plain.get_content()
    assert "<strong" in html.get_content() and proposal.title in html.get_content()
    assert message["Message-ID"] == f"<notification-{by_recipient('coclerk').id}@127.0.0.1>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert db.session.execute(select(func.count()).select_from(MailboxMessage)).scalar_one() == 0


def test_a_mail_server_that_is_down_gets_retries_with_backoff_then_a_failed_state(w, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 3)
    _, ids = swept(w)  # the server is not started: connections are refused
    first = delivery.deliver(ids, SEND)
    assert sorted(first.retry) == ids and first.delay == 0.5
    row = db.session.get(Notification, ids[0])
    db.session.refresh(row)
    assert (row.state, row.attempts, row.claimed_until) == ("pending", 1, None)
    assert row.last_error == "ConnectionRefusedError"
    assert row.next_attempt_at == SEND + timedelta(seconds=0.5)
    assert delivery.deliver(ids, SEND + timedelta(seconds=0.4)).retry == []  # not yet due again
    second = delivery.deliver(ids, SEND + timedelta(seconds=0.6))
    assert second.delay == 1.0  # backoff doubles
    third = delivery.deliver(ids, SEND + timedelta(seconds=5))
    assert sorted(third.failed) == ids and set(states().values()) == {"failed"}
    # Failed rows wait for an admin; only the assignment's notices, never tried, are still pending.
    assert delivery.stale(SEND + timedelta(hours=1), 0) == (notice_ids(), [])
    # The admin's retry, once the server is back: delivered.
    smtp.start()
    assert delivery.retry(None, SEND + timedelta(seconds=6)) == 2
    assert sorted(delivery.deliver(ids, SEND + timedelta(seconds=7)).sent) == ids
    assert sorted(smtp.notification_ids()) == ids


def test_a_refused_recipient_fails_at_once_and_the_others_are_sent(w, smtp):
    smtp.refuse.add("clerk@example.gov.cn")
    smtp.start()
    _, ids = swept(w)
    outcome = delivery.deliver(ids, SEND)
    refused = by_recipient("clerk")
    assert outcome.failed == [refused.id] and outcome.sent == [i for i in ids if i != refused.id]
    db.session.refresh(refused)
    assert (refused.state, refused.attempts, refused.last_error) == ("failed", 1, "SMTPRecipientsRefused 550")


def test_a_leased_row_is_not_sent_by_another_sender_until_the_lease_ends(w, app):
    _, ids = swept(w)
    # A sender claimed the rows and died before sending.
    db.session.execute(
        Notification.__table__.update().where(REMINDERS)
        .values(claimed_until=SEND + timedelta(minutes=5), claim_token="dead", attempts=1)
    )
    db.session.commit()
    assert delivery.deliver(ids, SEND).sent == []
    assert delivery.stale(SEND, 0) == (notice_ids(), [])
    later = SEND + timedelta(minutes=6)
    assert delivery.stale(later, 0) == (notice_ids() + ids, [])
    assert sorted(delivery.deliver(ids, later).sent) == ids
    assert {r.attempts for r in db.session.execute(select(Notification).where(REMINDERS)).scalars()} == {2}


def test_a_digest_gathers_a_recipients_rows_into_one_e_mail(w, smtp):
    smtp.start()
    w.clerk.email_digest = True
    db.session.commit()
    first = w.proposal("in_handling", title="关于加快老旧小区改造的建议")
    second = w.proposal("in_handling", title="关于完善城乡公交线网的建议")
    report = reminders.sweep(SWEPT)
    assert report.digest_recipients == {w.clerk.id}
    assert delivery.stale(SEND, 0)[1] == [w.clerk.id]
    outcome = delivery.deliver_digest(w.clerk.id, SEND)
    assert len(outcome.sent) == 4  # the two reminders, and the notices of the two assignments
    messages = [m for m in smtp.wait_for(1) if "clerk@" in m["To"] and "coclerk" not in m["To"]]
    assert len(messages) == 1
    text = messages[0].get_body(("plain",)).get_content()
    assert first.title in text and second.title in text
    assert delivery.deliver_digest(w.clerk.id, SEND).sent == []


def digest_mail(smtp, before: int, address: str):
    """The one digest e-mail to `address` among those after the first `before`."""
    [message] = [m for m in smtp.wait_for(before + 1)[before:] if m["To"].endswith(f"<{address}>")]
    return message["Subject"], message.get_body(("plain",)).get_content()


def test_a_digests_subject_says_whether_it_holds_reminders_notices_or_both(w, smtp):
    smtp.start()
    w.clerk.email_digest = w.coclerk.email_digest = True  # 市财政局's clerk reads English
    db.session.commit()
    w.proposal("in_handling")  # Tuesday 03-10: the assignment's notices wait for Wednesday's digest
    wednesday = at("2026-03-11 09:01")
    assert len(delivery.deliver_digest(w.clerk.id, wednesday).sent) == 1
    subject, text = digest_mail(smtp, 0, "clerk@example.gov.cn")
    assert subject == "您的通知：1个事项"
    assert "2026-03-11的通知事项：" in text and "提醒事项" not in text
    delivery.deliver_digest(w.coclerk.id, wednesday)
    assert digest_mail(smtp, 1, "coclerk@example.gov.cn")[0] == "Your notices: 1 item"

    # Wednesday's assignment's notice, and Thursday's reminder of Tuesday's (due Friday): both.
    w.proposal("in_handling", title="关于完善城乡公交线网的建议", now=at("2026-03-11 10:00"))
    reminders.sweep(SWEPT)
    assert len(delivery.deliver_digest(w.clerk.id, SEND).sent) == 2
    subject, text = digest_mail(smtp, 2, "clerk@example.gov.cn")
    assert subject == "您的提醒和通知：2个事项"
    assert "2026-03-12的通知事项：" in text and "2026-03-12的提醒事项：" in text
    delivery.deliver_digest(w.coclerk.id, SEND)
    assert digest_mail(smtp, 3, "coclerk@example.gov.cn")[0] == "Your reminders and notices: 2 items"

    # Friday: both items' reminders (the first is due today, the second in a working day), no notice.
    friday = at("2026-03-13 09:01")
    reminders.sweep(friday)
    assert len(delivery.deliver_digest(w.clerk.id, friday).sent) == 2
    subject, text = digest_mail(smtp, 4, "clerk@example.gov.cn")
    assert subject == "您的提醒：2个事项" and "通知事项" not in text
    delivery.deliver_digest(w.coclerk.id, friday)
    assert digest_mail(smtp, 5, "coclerk@example.gov.cn")[0] == "Your reminders: 2 items"


def test_the_weekly_digest_waits_for_its_monday(w, smtp):
    smtp.start()
    w.proposal("in_handling")
    reminders.sweep(at("2026-03-18 10:00"))  # overdue since 03-13; this week's digest fell on 03-16
    office = db.session.execute(select(Notification).filter_by(recipient_id=w.office.id)).scalars().all()
    # The lead's and the co bureau's receipt clocks, both overdue, in the office's weekly digest.
    assert {(n.threshold, n.delivery, n.next_attempt_at) for n in office} == {
        ("weekly:2026-03-16", "digest", at("2026-03-16 09:00"))
    } and len(office) == 2
    assert delivery.deliver_digest(w.office.id, at("2026-03-16 08:59")).sent == []  # before its time
    outcome = delivery.deliver_digest(w.office.id, at("2026-03-18 10:01"))
    assert sorted(outcome.sent) == sorted(n.id for n in office)
    messages = [m for m in smtp.wait_for(1) if "office@" in m["To"]]
    assert len(messages) == 1
    text = messages[0].get_body(("plain",)).get_content()
    assert text.count("市经信局") == 1 and text.count("市财政局") == 1


def test_stale_finds_what_a_lost_broker_message_left_pending(w):
    _, ids = swept(w)
    # Just written: its task is on its way. The assignment's notices, written days before, are not.
    assert delivery.stale(SEND, older_than=120) == (notice_ids(), [])
    assert delivery.stale(SEND + timedelta(minutes=3), older_than=120) == (notice_ids() + ids, [])


def test_counts(w):
    _, ids = swept(w)
    # The two reminders, and the notices of the assignment to the two bureaus' clerks; the
    # proposer, without an address, has those of the filing and the bureaus in the application.
    assert delivery.counts() == {"pending": 4, "sent": 0, "failed": 0, "skipped": 2}
    delivery.deliver(ids[:1], SEND)
    assert delivery.counts()["sent"] == 1


def test_smtp_timeouts_are_temporary(w, app, monkeypatch):
    """A server that accepts the connection and then says nothing."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", free_port()))
    listener.listen()
    threading.Thread(target=lambda: listener.accept(), daemon=True).start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", listener.getsockname()[1])
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 0.5)
    _, ids = swept(w)
    try:
        outcome = delivery.deliver(ids, SEND)
    finally:
        listener.close()
    assert sorted(outcome.retry) == ids
    assert db.session.get(Notification, ids[0]).last_error in {"TimeoutError", "SMTPServerDisconnected"}
