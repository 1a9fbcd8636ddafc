"""Publishing and withdrawing (SPEC 3.5): the masked snapshot, the index number, the clock, who may
do what in which state. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.handling_support import PDF, lead_of
from tests.public.support import (
    LEAD_CREDIT,
    MASKING_BODY,
    PUBLISHED_AT,
    published,
    sent_reply,
)
from workflow.domain.clocks import ClockKind
from workflow.extensions import db
from workflow.models import Clock, Cosigner, Event, Publication, Reply, ReplyVersion, Seconder
from workflow.services import publication, settings
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict
from workflow.services.uploads import Upload


def publication_clock(reply: Reply) -> Clock | None:
    query = select(Clock).where(Clock.assignment_id == reply.assignment_id, Clock.kind == ClockKind.PUBLICATION)
    return db.session.execute(query).scalar_one_or_none()


def test_publishing_takes_a_masked_snapshot_with_the_metadata_block(w) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    assert row.index_number == f"{LEAD_CREDIT}/2026-00001"
    assert (row.year, row.serial, row.state) == (2026, 1, "published")
    assert row.publisher == "市经信局"
    assert row.letter_date == reply.approved_at.date()  # 成文日期: the day it was approved
    assert row.published_at == PUBLISHED_AT
    assert row.doc_number == reply.doc_number and row.doc_number
    assert (row.resolution, row.resolution_label) == ("A", "已解决或采纳")
    assert row.topic == "综合政务/政协"
    assert row.title == "关于对测试cppcc会议第1号提案答复的函"
    assert row.salutation == "杨**委员："
    assert row.contact == "联系人：邵 *，联系电话：0579-82468101"  # the contact masked, the landline kept
    body = row.body
    assert body.startswith("杨**委员：您提出的")
    assert "138****2345" in body and "13858012345" not in body
    assert "330282********1238" in body
    assert "y***@163.com" in body and "jxj@jinhua.gov.cn" in body  # personal masked, official kept
    assert "0579-82468101" in body and "热线12345" in body and "38.5亿元" in body
    assert "杨文艳" not in body and "邵军" not in (row.contact or "")


def test_the_stored_original_never_changes(w) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    before = (reply.title, reply.salutation, reply.body, reply.contact_name, reply.version,
              [(v.number, v.body) for v in reply.versions])
    publication.publish(w.office, reply.id, PUBLISHED_AT, phrases=["张三丰"])
    db.session.expire_all()
    reply = db.session.get(Reply, reply.id)
    after = (reply.title, reply.salutation, reply.body, reply.contact_name, reply.version,
             [(v.number, v.body) for v in reply.versions])
    assert after == before
    assert "杨文艳" in reply.body and "13858012345" in reply.body and "张三丰" in reply.body
    versions = db.session.execute(select(ReplyVersion).where(ReplyVersion.reply_id == reply.id)).scalars().all()
    assert versions and all("13858012345" in v.body for v in versions)


def test_cosigners_and_the_contact_come_from_the_item(w) -> None:
    joint = make_user("joint1", name="欧阳明")
    reply = sent_reply(w, body="<p>欧阳明委员提出的建议，由王慧同志联系。司马青代表附议。</p>", contact_name="王慧")
    # The confirmed co-signer and the seconder, as the joint-proposal and seconding services record them.
    db.session.add(Cosigner(proposal_id=reply.proposal_id, user_id=joint.id, state="confirmed"))
    db.session.add(Seconder(proposal_id=reply.proposal_id, user_id=w.deputy2.id, created_at=PUBLISHED_AT))
    db.session.commit()
    rules = publication.masking_rules(reply)
    assert set(rules.person_names) == {"杨文艳", "欧阳明", "司马青"}
    assert rules.contact_names == ("王慧",)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    assert row.body == "欧阳**委员提出的建议，由王 *同志联系。司马**代表附议。"
    assert row.contact == "联系人：王 *，联系电话：0579-82468101"


def test_marks_are_kept_for_the_publisher_and_logged(w) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    shown = publication.save_marks(w.approver, reply.id, ["张三丰", " 张三丰 ", "转贷资金池"], PUBLISHED_AT)
    assert shown.phrases == ("张三丰", "转贷资金池")
    assert publication.stored_phrases(reply.id) == ["张三丰", "转贷资金池"]
    event = db.session.execute(select(Event).where(Event.action == "mark")).scalar_one()
    assert event.actor_id == w.approver.id and event.changes == {"phrases": [[], ["张三丰", "转贷资金池"]]}
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    assert "张三丰" not in row.body and "***先生" in row.body and "设立***" in row.body
    document = publication.letter_text(reply).document
    assert [document[s:e] for s, e in row.manual_spans] == ["转贷资金池", "张三丰"]


def test_a_phrase_not_in_the_letter_is_refused(w) -> None:
    reply = sent_reply(w)
    with pytest.raises(Invalid) as refused:
        publication.publish(w.office, reply.id, PUBLISHED_AT, phrases=["并不存在"])
    assert refused.value.field == "phrases"
    assert db.session.execute(select(Publication)).first() is None


def test_the_preview_lists_every_span(w) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    shown = publication.preview(w.approver, reply.id, ["张三丰", "缺失"])
    kinds = [s.kind for s in shown.letter.spans]
    assert {"person", "contact", "mobile", "id_card", "email", "manual"} <= set(kinds)
    assert shown.missing == ("缺失",)
    assert publication.stored_phrases(reply.id) == []  # a preview stores nothing


def test_index_numbers_count_per_bureau_and_year_without_gaps(w) -> None:
    rows = [published(w) for _ in range(3)]
    assert [r.serial for r in rows] == [1, 2, 3]
    # A refused publication gives its number back: the next one is 4.
    reply = sent_reply(w)
    w.lead.credit_code = None
    db.session.commit()
    with pytest.raises(StateConflict):
        publication.publish(w.office, reply.id, PUBLISHED_AT)
    w.lead.credit_code = LEAD_CREDIT
    db.session.commit()
    assert publication.publish(w.office, reply.id, PUBLISHED_AT).serial == 4
    next_year = published(w, when=PUBLISHED_AT.replace(year=2027))
    assert next_year.index_number == f"{LEAD_CREDIT}/2027-00001"


def test_the_index_format_is_a_setting(w) -> None:
    settings.put("publication.index_format", "{org_code}-{year}-{serial:03d}")
    db.session.commit()
    assert published(w).index_number == "00259288X-2026-001"


def test_attachments_are_chosen_among_the_replys_files(w) -> None:
    reply = sent_reply(w, attachments=[Upload("会议纪要.pdf", PDF), Upload("附表.pdf", PDF)])
    files = [a.id for a in reply.attachments]
    assert len(files) == 2
    with pytest.raises(Invalid):
        publication.publish(w.office, reply.id, PUBLISHED_AT, attachment_ids=[files[0], 999_999])
    row = publication.publish(w.office, reply.id, PUBLISHED_AT, attachment_ids=[files[1]])
    assert row.attachment_ids == [files[1]]


def test_the_publication_clock_runs_from_sending_to_publishing(w) -> None:
    reply = sent_reply(w)
    clock = publication_clock(reply)
    assert clock is not None and clock.running
    assert clock.start_date == reply.sent_at.date()
    assert clock.period == "20wd"
    assert clock.due_date == date(2026, 4, 15)  # 20 working days from 2026-03-17, 清明 4-4..4-6 off
    publication.publish(w.office, reply.id, PUBLISHED_AT)
    db.session.refresh(clock)
    assert clock.stopped_at == PUBLISHED_AT


def test_a_reply_not_to_be_published_has_no_clock_and_cannot_be_published(w) -> None:
    reply = sent_reply(w, disclosure="not_public", disclosure_reason="涉及个人隐私")
    assert publication_clock(reply) is None
    with pytest.raises(StateConflict) as refused:
        publication.publish(w.office, reply.id, PUBLISHED_AT)
    assert "public" in refused.value.message or "主动公开" in refused.value.message


def test_only_sent_replies_are_published(w) -> None:
    from tests.handling_support import approved

    reply = approved(w)
    with pytest.raises(StateConflict):
        publication.publish(w.office, reply.id, PUBLISHED_AT)


def test_publishing_twice_is_refused_with_the_state(w) -> None:
    row = published(w)
    with pytest.raises(StateConflict) as refused:
        publication.publish(w.office, row.reply_id, PUBLISHED_AT)
    assert refused.value.state == "published"


@pytest.mark.parametrize("who", ["clerk", "approver", "proposer", "coclerk"])
def test_in_office_mode_only_the_office_publishes(w, who) -> None:
    reply = sent_reply(w)
    with pytest.raises(Forbidden):
        publication.publish(getattr(w, who), reply.id, PUBLISHED_AT)


def test_those_who_may_not_see_the_reply_get_a_404(w) -> None:
    reply = sent_reply(w)
    with pytest.raises(NotFound):
        publication.publish(w.otherclerk, reply.id, PUBLISHED_AT)
    with pytest.raises(NotFound):
        publication.preview(w.proposer2, reply.id)


def test_the_approver_and_the_office_mark_the_clerk_does_not(w) -> None:
    reply = sent_reply(w)
    publication.save_marks(w.office, reply.id, ["融资难"], PUBLISHED_AT)
    publication.save_marks(w.approver, reply.id, ["融资难问题"], PUBLISHED_AT)
    with pytest.raises(Forbidden):
        publication.save_marks(w.clerk, reply.id, ["融资"], PUBLISHED_AT)
    assert publication.available(w.approver, reply) == ["mark"]
    assert publication.available(w.office, reply) == ["mark", "publish"]


def test_in_bureau_mode_the_bureau_publishes_and_the_office_may_still_withdraw(w) -> None:
    settings.put("publication.publisher", "bureau")
    db.session.commit()
    reply = sent_reply(w)
    with pytest.raises(Forbidden):
        publication.publish(w.office, reply.id, PUBLISHED_AT)
    row = publication.publish(w.clerk, reply.id, PUBLISHED_AT)
    assert row.published_by_id == w.clerk.id
    with pytest.raises(Forbidden):
        publication.withdraw(w.coclerk, row.id, "误发", PUBLISHED_AT)  # a co bureau sees the reply, no more
    publication.withdraw(w.office, row.id, "含未脱敏信息", PUBLISHED_AT + timedelta(hours=1))


def test_withdrawal_needs_a_reason_is_logged_and_final(w) -> None:
    row = published(w)
    with pytest.raises(Invalid) as refused:
        publication.withdraw(w.office, row.id, "  ", PUBLISHED_AT)
    assert refused.value.field == "reason"
    with pytest.raises(Forbidden):
        publication.withdraw(w.clerk, row.id, "误发", PUBLISHED_AT)
    when = PUBLISHED_AT + timedelta(days=1)
    publication.withdraw(w.office, row.id, "公开内容含未脱敏信息", when)
    db.session.refresh(row)
    assert (row.state, row.withdrawn_at, row.withdraw_reason) == ("withdrawn", when, "公开内容含未脱敏信息")
    assert row.body  # the text stays in the database; the public page no longer shows it
    event = db.session.execute(select(Event).where(Event.action == "withdraw-publication")).scalar_one()
    assert (event.from_state, event.to_state, event.note) == ("published", "withdrawn", "公开内容含未脱敏信息")
    with pytest.raises(StateConflict):
        publication.withdraw(w.office, row.id, "再次", when)
    with pytest.raises(NotFound):
        publication.withdraw(w.office, 2_000_000, "无", when)


def test_the_publish_event_is_on_the_items_timeline(w) -> None:
    row = published(w)
    event = db.session.execute(select(Event).where(Event.action == "publish")).scalar_one()
    assert event.proposal_id == row.proposal_id and event.note == row.index_number
    assert event.assignment_id == lead_of(event.assignment.proposal).id


def test_publish_many_publishes_each_and_reports_refusals(w) -> None:
    first, second = sent_reply(w), sent_reply(w)
    not_public = sent_reply(w, disclosure="not_public", disclosure_reason="涉及商业秘密")
    result = publication.publish_many(w.office, [first.id, second.id, not_public.id, first.id], PUBLISHED_AT,
                                      topic="综合政务/经济")
    assert sorted(r.reply_id for r in result.published) == sorted([first.id, second.id])
    assert [r.topic for r in result.published] == ["综合政务/经济"] * 2
    assert [reply_id for reply_id, _ in result.refused] == [not_public.id]
    assert sorted(r.serial for r in result.published) == [1, 2]
