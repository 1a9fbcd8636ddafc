"""Index numbers under concurrent publishing: every publication of a bureau and year gets its
own serial, none skipped (SPEC 3.5). On PostgreSQL the counter row lock queues the writers; on
SQLite the database lock does."""
from __future__ import annotations

import threading

from sqlalchemy import select

from tests.factories import World
from tests.public.support import LEAD_CREDIT, PUBLISHED_AT, credit_codes, sent_reply
from workflow.extensions import db
from workflow.models import Publication, User
from workflow.services import publication
from workflow.services.errors import StateConflict

WRITERS = 6


def test_concurrent_publications_get_distinct_gap_free_serials(app, ctx) -> None:
    w = World()
    credit_codes(w)
    reply_ids = [sent_reply(w).id for _ in range(WRITERS)]
    office_id = w.office.id
    db.session.remove()
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def publish(reply_id: int) -> None:
        with app.app_context():
            try:
                office = db.session.get(User, office_id)
                start.wait(timeout=10)
                publication.publish(office, reply_id, PUBLISHED_AT)
            except BaseException as exc:  # reported below with the thread's failure
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=publish, args=(reply_id,)) for reply_id in reply_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    rows = db.session.execute(select(Publication).order_by(Publication.serial)).scalars().all()
    assert [r.serial for r in rows] == list(range(1, WRITERS + 1))
    assert sorted(r.reply_id for r in rows) == sorted(reply_ids)
    assert len({r.index_number for r in rows}) == WRITERS
    assert rows[-1].index_number == f"{LEAD_CREDIT}/2026-{WRITERS:05d}"


def test_two_offices_publishing_the_same_reply_at_once_get_one_publication(app, ctx) -> None:
    w = World()
    credit_codes(w)
    reply_id, later_id = sent_reply(w).id, sent_reply(w).id
    office_id = w.office.id
    db.session.remove()
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def publish() -> None:
        with app.app_context():
            try:
                office = db.session.get(User, office_id)
                start.wait(timeout=10)
                outcomes.append(publication.publish(office, reply_id, PUBLISHED_AT).serial)
            except StateConflict as exc:
                outcomes.append(exc.state)
            except BaseException as exc:
                outcomes.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes)) == ["1", "published"]
    # The loser's number went back with its rollback: the next publication is 2, not 3.
    office = db.session.get(User, office_id)
    assert publication.publish(office, later_id, PUBLISHED_AT).serial == 2
