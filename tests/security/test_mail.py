"""E-mails (issue 9 §11, sixth bullet, and §10): a title with a line break does not block its
e-mails, a notice that can never be sent is marked failed at once instead of being tried without
end, and the links in e-mails follow BASE_URL, the address the system runs at."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, give_emails
from workflow.extensions import db
from workflow.models import MailboxMessage, Notification, User
from workflow.services import delivery

SEND = NOW + timedelta(minutes=5)


def _notices_to(*users: User) -> list[Notification]:
    """The pending notices of the assignment to the lead and co bureaus, for these users."""
    db.session.expire_all()
    query = select(Notification).where(Notification.recipient_id.in_([u.id for u in users]),
                                       Notification.state == "pending")
    return db.session.execute(query.order_by(Notification.id)).scalars().all()


def test_a_title_with_a_line_break_is_folded_and_sent(w, smtp):
    give_emails(w.clerk, w.coclerk)
    w.proposal("in_handling", title="关于扶持小微企业\r\n成长升级的建议")
    rows = _notices_to(w.clerk, w.coclerk)
    assert len(rows) == 2
    outcome = delivery.deliver([r.id for r in rows], SEND)
    assert sorted(outcome.sent) == sorted(r.id for r in rows) and outcome.failed == []
    received = smtp.wait_for(2)
    assert all("关于扶持小微企业 成长升级的建议" in m["Subject"] for m in received)
    assert all("\n" not in str(m["Subject"]) for m in received)


def test_a_notice_that_can_never_be_sent_fails_at_once_and_the_others_go(w, smtp):
    give_emails(w.clerk, w.coclerk)
    w.coclerk.email = "协办@财政局.中国"  # accepted by the form, but no header can carry it
    db.session.commit()
    w.proposal("in_handling")
    rows = _notices_to(w.clerk, w.coclerk)
    outcome = delivery.deliver([r.id for r in rows], SEND)
    bad = next(r.id for r in rows if r.recipient_id == w.coclerk.id)
    assert outcome.failed == [bad] and outcome.retry == [] and len(outcome.sent) == 1
    db.session.expire_all()
    failed = db.session.get(Notification, bad)
    assert (failed.state, failed.attempts) == ("failed", 1) and "cannot write" in failed.last_error
    assert len(smtp.wait_for(1)) == 1
    # Nothing is claimed again: not by the next sender, nor by the requeue job.
    assert delivery.deliver([bad], SEND + timedelta(hours=2)).failed == []
    assert bad not in delivery.stale(SEND + timedelta(hours=2), 0)[0]


def test_a_digest_that_can_never_be_sent_fails_at_once(w):
    give_emails(w.clerk)
    w.clerk.email_digest = True
    db.session.commit()
    w.proposal("in_handling")
    rows = _notices_to(w.clerk)
    assert rows and all(r.delivery == "digest" for r in rows)
    w.clerk.email = None  # removed after the notices were written
    db.session.commit()
    outcome = delivery.deliver_digest(w.clerk.id, SEND + timedelta(days=1))
    assert sorted(outcome.failed) == sorted(r.id for r in rows)


def test_links_in_e_mails_follow_base_url_not_the_request(app, w, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://tian.example.gov.cn:8443")
    give_emails(w.clerk)
    w.proposal("in_handling")
    with app.test_request_context("/", base_url="http://evil.example.com"):  # a request's Host is no source
        delivery.deliver([r.id for r in _notices_to(w.clerk)], SEND)
    message = db.session.execute(select(MailboxMessage)).scalars().one()
    assert "https://tian.example.gov.cn:8443/bureau/assignments/" in message.text_body
    assert "evil.example.com" not in message.text_body + message.html_body


@pytest.mark.parametrize("environ,host,port,base", [
    ({}, "127.0.0.1", 5006, "http://127.0.0.1:5006"),
    ({"PORT": "5000"}, "127.0.0.1", 5006, "http://127.0.0.1:5006"),  # --port wins over a stale PORT
    ({}, "0.0.0.0", 8000, "http://127.0.0.1:8000"),
    ({}, "::1", 8000, "http://[::1]:8000"),
    ({"BASE_URL": "https://tian.example.gov.cn"}, "0.0.0.0", 8000, "https://tian.example.gov.cn"),
])
def test_flask_up_gives_web_worker_and_beat_the_address_it_runs_at(environ, host, port, base):
    from workflow.commands.up import child_environment

    assert child_environment(environ, host, port)["BASE_URL"] == base


def test_the_feed_the_sitemap_and_canonical_links_ignore_the_host_header(app, w, monkeypatch):
    from tests.public.support import credit_codes, published

    monkeypatch.setitem(app.config, "BASE_URL", "https://tian.example.gov.cn")
    credit_codes(w)
    row = published(w)
    client = app.test_client()
    for path in ("/public/feed.atom", "/sitemap.xml", "/robots.txt", f"/public/replies/{row.id}"):
        body = client.get(path, headers={"Host": "evil.example.com"}).text
        assert "https://tian.example.gov.cn/" in body, path
        assert "evil.example.com" not in body, path
