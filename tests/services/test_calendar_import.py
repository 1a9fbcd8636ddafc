"""Importing, replacing and correcting a year of the calendar (issue 9 §1): every running clock it
moves is recomputed, provisional or not, with its timeline entry, its reminders and a notice to
its bureau; provisional dates read 待定 in the e-mails."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.calendar_support import CORRECTED_2027, FULL_2027, NOVEMBER_2026, WITHOUT_TWO_2027
from tests.factories import World, give_emails
from tests.smtp_sink import SmtpSink
from workflow.domain.calendar_file import parse_calendar_file
from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import SHANGHAI
from workflow.domain.reminders import reminder_instant
from workflow.extensions import db
from workflow.models import CalendarYear, Clock, Event, Notification
from workflow.services import calendar, clocks, delivery, reminders
from workflow.services.errors import Invalid


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


IMPORTED = at("2026-12-07 10:00")


@pytest.fixture
def w(ctx):
    world = World()
    give_emails(world.clerk, world.approver, world.coclerk, world.office)
    world.item = world.proposal("in_handling", now=NOVEMBER_2026)
    return world


def entries(text: str):
    return parse_calendar_file(text)[1]


def reply_clock() -> Clock:
    db.session.expire_all()
    return db.session.execute(select(Clock).where(Clock.kind == ClockKind.REPLY)).scalar_one()


def due_notices() -> list[Notification]:
    db.session.expire_all()
    query = select(Notification).where(Notification.threshold.startswith("event:due_changed:"))
    return db.session.execute(query.order_by(Notification.id)).scalars().all()


def mail_to(sink: SmtpSink, username: str):
    wanted = f"<{username}@example.gov.cn>"
    [message] = [m for m in sink.wait_for(1) and sink.snapshot() if m["To"].endswith(wanted)]
    return message


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_provisional_reply_clock_avoids_the_spring_festival(w):
    clock = reply_clock()
    assert (clock.due_date, clock.provisional) == (date(2027, 2, 9), True)  # not 初三, 02-08


def test_replacing_a_year_moves_a_final_due_date_onto_the_next_working_day(w):
    assert calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin) == 1
    clock = reply_clock()
    assert (clock.due_date, clock.provisional) == (date(2027, 2, 14), False)

    # The correction, on the eve of 除夕, makes 02-14 a holiday: the final date on it must move.
    corrected_at = at("2027-02-04 10:00")
    assert calendar.import_year(2027, entries(CORRECTED_2027), corrected_at, w.admin, replace=True) == 1
    clock = reply_clock()
    assert (clock.due_date, clock.provisional) == (date(2027, 2, 15), False)
    # The reminders follow the new date: the next is "on the day", 09:00 on 02-15, no longer 02-14.
    assert clock.next_remind_at == reminder_instant(date(2027, 2, 15))

    event = db.session.execute(
        select(Event).where(Event.action == "recompute-due").order_by(Event.id.desc())
    ).scalars().first()
    assert (event.proposal_id, event.assignment_id, event.actor_id, event.note) == (
        w.item.id, clock.assignment_id, w.admin.id, "reply")
    assert event.changes == {"due_date": ["2027-02-14", "2027-02-15"], "provisional": [False, False]}

    told = [n for n in due_notices() if n.event_id == event.id]
    # The lead bureau's clerk and leader: its clock moved. Not the co bureau, whose clock did not.
    assert sorted(n.recipient_id for n in told) == sorted([w.clerk.id, w.approver.id])
    assert {(n.assignment_id, n.clock_kind, n.due_date, n.due_provisional) for n in told} == {
        (clock.assignment_id, "reply", date(2027, 2, 15), False)}


def test_the_same_file_again_moves_nothing_and_tells_nobody(w):
    calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin)
    count = len(due_notices())
    assert calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin, replace=True) == 0
    assert len(due_notices()) == count


def test_a_stopped_clock_is_left_alone(w):
    clocks.stop(IMPORTED, assignment_id=reply_clock().assignment_id, kinds=[ClockKind.REPLY])
    db.session.commit()
    assert calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin) == 0
    assert reply_clock().due_date == date(2027, 2, 9) and due_notices() == []


def test_a_date_the_office_fixed_moves_forward_when_it_becomes_a_holiday(w):
    calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin)
    clock = reply_clock()
    clock.period, clock.due_date = None, date(2027, 2, 14)  # as a batch date or an extension sets it
    db.session.commit()
    calendar.import_year(2027, entries(CORRECTED_2027), IMPORTED, w.admin, replace=True)
    assert reply_clock().due_date == date(2027, 2, 15)
    # Corrected back, the office's date is not moved earlier than it was announced.
    calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin, replace=True)
    assert reply_clock().due_date == date(2027, 2, 15)


def test_a_year_without_a_statutory_holiday_needs_confirmation(w):
    with pytest.raises(Invalid) as refused:
        calendar.import_year(2027, entries(WITHOUT_TWO_2027), IMPORTED, w.admin)
    assert refused.value.field == "confirm_missing"
    assert "2027-06-09 端午节" in refused.value.message and "2027-09-15 中秋节" in refused.value.message
    db.session.rollback()
    assert db.session.get(CalendarYear, 2027) is None and reply_clock().due_date == date(2027, 2, 9)
    calendar.import_year(2027, entries(WITHOUT_TWO_2027), IMPORTED, w.admin, confirm_missing=True)
    assert db.session.get(CalendarYear, 2027).source == "admin"


def test_the_preview_counts_the_moves_and_saves_nothing(w):
    preview = calendar.preview(2027, entries(FULL_2027))
    assert (preview.moves, preview.confirms, preview.stored_source) == (1, 0, None)
    assert [c.day for c in preview.comparison.adjusted_workdays][:2] == [date(2027, 2, 14), date(2027, 4, 25)]
    assert preview.comparison.missing == () and preview.comparison.against_stored is None
    assert db.session.get(CalendarYear, 2027) is None and reply_clock().provisional


def test_reminders_and_digests_mark_a_provisional_due_date(w, smtp):
    w.approver.email_digest = True
    db.session.commit()
    # 10:00 on 2027-02-04, one working day before the provisional due date 02-09 (02-05 is 除夕).
    now = at("2027-02-04 10:00")
    report = reminders.sweep(now)
    [single] = [row for row in map(lambda i: db.session.get(Notification, i), report.single_ids)
                if row.clock_kind == "reply"]
    assert single.due_provisional and single.threshold == "before:1" and single.recipient_id == w.clerk.id
    assert delivery.deliver([single.id], now).sent == [single.id]
    assert delivery.deliver_digest(w.approver.id, now + timedelta(minutes=1)).sent
    clerk, approver = (mail_to(smtp, "clerk"), mail_to(smtp, "approver"))
    assert "截止日期2027-02-09（待定）" in clerk["Subject"]
    assert "答复: 截止日期2027-02-09（待定）" in text_of(clerk)
    assert "答复: 截止日期2027-02-09（待定）" in text_of(approver)  # in the digest too


def test_the_notice_of_a_moved_due_date_says_both_dates(w, smtp):
    calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin)
    rows = due_notices()
    assert delivery.deliver([n.id for n in rows], IMPORTED).sent
    clerk = mail_to(smtp, "clerk")
    assert clerk["Subject"] == f"截止日期变更：{w.item.number} {w.item.title}"
    text = text_of(clerk)
    assert "原为2027-02-09（待定）" in text
    assert "答复: 截止日期2027-02-14, " in text and "2027-02-14（待定）" not in text


def test_the_archive_timeline_shows_the_move_with_its_mark(w):
    from workflow.services.archive_records import item_record

    calendar.import_year(2027, entries(FULL_2027), IMPORTED, w.admin)
    timeline = item_record(db.session.get(type(w.item), w.item.id)).timeline
    [moved] = [line for line in timeline if "2027-02-14" in line]
    assert moved.endswith("Reply: 2027-02-09 (provisional) → 2027-02-14")


def test_a_batch_date_the_office_fixes_on_a_statutory_holiday_ends_on_the_next_working_day(ctx):
    from workflow.services import assignment
    from workflow.services.assignment import BureauChoice

    w = World()
    item = w.proposal("filed", now=NOVEMBER_2026)
    choices = [BureauChoice(w.lead.id, "lead")]
    preview = assignment.due_preview(choices, NOVEMBER_2026, date(2027, 2, 8))  # 初三
    assert (preview["lead"]["reply"].date, preview["lead"]["reply"].provisional) == (date(2027, 2, 9), True)
    assignment.assign(w.office, item.id, choices, NOVEMBER_2026, reply_due=date(2027, 2, 8))
    clock = reply_clock()
    assert (clock.period, clock.due_date, clock.provisional) == (None, date(2027, 2, 9), True)
