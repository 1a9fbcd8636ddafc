"""Publishing a withdrawn reply again (SPEC 3.5): the same row, 索引号 and URL with a snapshot masked
by the corrected marks; the log keeps the withdrawal; refused in any other state and to anyone
but the publisher. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import World
from tests.public.support import LEAD_CREDIT, MASKING_BODY, PUBLISHED_AT, published, sent_reply
from workflow.extensions import db
from workflow.models import Event, Publication, Reply
from workflow.services import publication, search, settings
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict
from workflow.services.search import PublicFilter

WITHDRAWN_AT = PUBLISHED_AT + timedelta(days=1)
AGAIN_AT = PUBLISHED_AT + timedelta(days=2)
REASON = "张三丰的姓名未脱敏"


def withdrawn(w: World, by=None, **kw) -> Publication:
    row = publication.publish(by or w.office, sent_reply(w, body=MASKING_BODY, **kw).id, PUBLISHED_AT)
    return publication.withdraw(by or w.office, row.id, REASON, WITHDRAWN_AT)


def test_republishing_brings_the_same_row_back_with_the_corrected_masks(w) -> None:
    row = withdrawn(w)
    first = (row.id, row.index_number, row.year, row.serial, row.topic, row.doc_number, row.letter_date)
    assert "张三丰" in row.body
    publication.save_marks(w.office, row.reply_id, ["张三丰"], AGAIN_AT)  # corrected while withdrawn
    again = publication.republish(w.office, row.reply_id, AGAIN_AT)
    db.session.expire_all()
    again = db.session.get(Publication, again.id)
    assert (again.id, again.index_number, again.year, again.serial, again.topic, again.doc_number,
            again.letter_date) == first
    assert again.index_number == f"{LEAD_CREDIT}/2026-00001"
    assert (again.state, again.published_at, again.published_by_id) == ("published", AGAIN_AT, w.office.id)
    assert (again.withdrawn_at, again.withdrawn_by_id, again.withdraw_reason) == (None, None, None)
    assert "张三丰" not in again.body and "***先生" in again.body
    assert "138****2345" in again.body and again.salutation == "杨**委员："  # the rules still apply
    document = publication.letter_text(db.session.get(Reply, again.reply_id)).document
    assert [document[s:e] for s, e in again.manual_spans] == ["张三丰"]
    assert search.get_published(again.id).id == again.id  # the public page is back
    assert published(w).serial == 2  # no number was drawn for it


def test_the_log_keeps_the_withdrawal_beside_the_republication(w) -> None:
    row = withdrawn(w)
    publication.republish(w.office, row.reply_id, AGAIN_AT, phrases=["张三丰"])
    events = db.session.execute(
        select(Event).where(Event.proposal_id == row.proposal_id).order_by(Event.id)
    ).scalars().all()
    actions = [e.action for e in events]
    assert actions[-4:] == ["publish", "withdraw-publication", "mark", "republish"]
    withdrawal, again = events[-3], events[-1]
    assert (withdrawal.actor_id, withdrawal.created_at, withdrawal.note) == (w.office.id, WITHDRAWN_AT, REASON)
    assert (again.from_state, again.to_state, again.note, again.created_at) == (
        "withdrawn", "published", row.index_number, AGAIN_AT)
    assert again.changes == {
        "withdrawn_at": [WITHDRAWN_AT.isoformat(), None], "withdrawn_by": [w.office.name, None],
        "withdraw_reason": [REASON, None], "published_at": [PUBLISHED_AT.isoformat(), AGAIN_AT.isoformat()],
    }


def test_topic_and_files_stay_unless_changed(w) -> None:
    row = withdrawn(w)
    kept = publication.republish(w.office, row.reply_id, AGAIN_AT)
    assert (kept.topic, kept.attachment_ids) == (row.topic, row.attachment_ids)
    publication.withdraw(w.office, row.id, "主题分类有误", AGAIN_AT)
    changed = publication.republish(w.office, row.reply_id, AGAIN_AT, topic="综合政务/经济")
    assert changed.topic == "综合政务/经济"


def test_search_reads_the_new_text_only(w) -> None:
    row = withdrawn(w)
    assert search.search(PublicFilter(q="张三丰")).total == 0  # withdrawn: not on the portal
    publication.republish(w.office, row.reply_id, AGAIN_AT, phrases=["张三丰"])
    assert search.search(PublicFilter(q="张三丰")).total == 0  # masked now
    assert search.search(PublicFilter(q="转贷资金池")).total == 1
    assert [r.id for r in search.newest(5)] == [row.id]


def test_the_feed_puts_a_republished_reply_first(w) -> None:
    first = withdrawn(w)
    later = published(w, when=PUBLISHED_AT + timedelta(hours=1))
    assert [r.id for r in search.newest(5)] == [later.id]
    publication.republish(w.office, first.reply_id, AGAIN_AT)
    assert [(r.id, r.published_at) for r in search.newest(5)] == [(first.id, AGAIN_AT), (later.id, later.published_at)]


def test_only_a_withdrawn_publication_is_republished(w) -> None:
    never = sent_reply(w)
    with pytest.raises(StateConflict) as refused:
        publication.republish(w.office, never.id, AGAIN_AT)
    assert refused.value.state == "unpublished"
    live = published(w)
    with pytest.raises(StateConflict) as refused:
        publication.republish(w.office, live.reply_id, AGAIN_AT)
    assert refused.value.state == "published"
    row = withdrawn(w)
    publication.republish(w.office, row.reply_id, AGAIN_AT)
    with pytest.raises(StateConflict):
        publication.republish(w.office, row.reply_id, AGAIN_AT)  # not twice
    assert len(db.session.execute(select(Event).where(Event.action == "republish")).scalars().all()) == 1


def test_the_reply_must_still_be_a_sent_public_one(w) -> None:
    row = withdrawn(w)
    reply = db.session.get(Reply, row.reply_id)
    reply.disclosure, reply.disclosure_reason = "not_public", "涉及个人隐私"  # as a data correction would
    db.session.commit()
    with pytest.raises(StateConflict):
        publication.republish(w.office, reply.id, AGAIN_AT)
    assert db.session.get(Publication, row.id).state == "withdrawn"


@pytest.mark.parametrize("who", ["clerk", "approver", "coclerk", "proposer"])
def test_in_office_mode_only_the_office_republishes(w, who) -> None:
    row = withdrawn(w)
    with pytest.raises(Forbidden):
        publication.republish(getattr(w, who), row.reply_id, AGAIN_AT)
    assert db.session.get(Publication, row.id).state == "withdrawn"


def test_another_bureau_does_not_see_the_reply(w) -> None:
    row = withdrawn(w)
    with pytest.raises(NotFound):
        publication.republish(w.otherclerk, row.reply_id, AGAIN_AT)


def test_in_bureau_mode_the_bureau_republishes_and_the_office_does_not(w) -> None:
    settings.put("publication.publisher", "bureau")
    db.session.commit()
    row = withdrawn(w, by=w.clerk)
    with pytest.raises(Forbidden):
        publication.republish(w.office, row.reply_id, AGAIN_AT)
    with pytest.raises(Forbidden):
        publication.republish(w.coclerk, row.reply_id, AGAIN_AT)
    again = publication.republish(w.approver, row.reply_id, AGAIN_AT)
    assert (again.state, again.published_by_id) == ("published", w.approver.id)


def test_a_phrase_not_in_the_letter_leaves_it_withdrawn(w) -> None:
    row = withdrawn(w)
    with pytest.raises(Invalid) as refused:
        publication.republish(w.office, row.reply_id, AGAIN_AT, phrases=["并不存在"])
    assert refused.value.field == "phrases"
    db.session.rollback()
    assert db.session.get(Publication, row.id).state == "withdrawn"


def test_marks_and_preview_are_open_while_withdrawn_and_closed_while_published(w) -> None:
    row = withdrawn(w)
    reply = db.session.get(Reply, row.reply_id)
    assert publication.available(w.office, reply) == ["mark", "republish"]
    assert publication.available(w.approver, reply) == ["mark"]
    shown = publication.preview(w.approver, reply.id, ["张三丰"])
    assert "***先生" in shown.letter.masked.body
    publication.republish(w.office, reply.id, AGAIN_AT)
    with pytest.raises(StateConflict):
        publication.save_marks(w.approver, reply.id, ["融资"], AGAIN_AT)
