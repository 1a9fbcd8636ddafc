"""The calendar screens: importing a year recomputes provisional due dates; the calculator."""
import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.calendar_support import CORRECTED_2027, FULL_2027, NOVEMBER_2026, WITHOUT_TWO_2027
from tests.factories import World, make_user
from tests.web.admin_support import field_error, sign_in
from workflow.domain.clocks import ClockKind
from workflow.extensions import db
from workflow.models import CalendarDay, CalendarYear, Clock, Event, Notification

# Test data in the import format, shaped like a State Council announcement (not the real 2027 one).
CALENDAR_2027 = "\n".join(
    ["date,kind,name", "2027-01-01,holiday,元旦"]
    + [f"2027-02-{d:02d},holiday,春节" for d in range(5, 14)]
    + ["2027-02-14,workday,春节", "2027-04-05,holiday,清明节", "2027-05-01,holiday,劳动节"]
) + "\n"


@pytest.fixture
def admin(ctx, client):
    user = make_user("root", roles=("admin",))
    sign_in(client, user)
    return user


def reply_clock():
    db.session.expire_all()
    return db.session.execute(select(Clock).where(Clock.kind == ClockKind.REPLY)).scalar_one()


def section(page: str, testid: str) -> str:
    """The element with this test id: a table of days, or the paragraph of running due dates."""
    end = "</p>" if testid == "moves" else "</table>"
    return page.split(f'data-testid="{testid}"', 1)[1].split(end, 1)[0]


def save(client, text, **fields):
    """The preview's form, sent back: save the rows."""
    return client.post("/admin/calendar/import", data={"text": text, "save": "1", **fields})


def test_an_upload_is_previewed_then_saved_and_moves_the_provisional_clock(admin, client):
    world = World()
    world.proposal("in_handling", now=NOVEMBER_2026)
    clock = reply_clock()
    # 2027 is not imported: weekends and the statutory holidays, 除夕 (02-05) to 初三 (02-08).
    assert clock.provisional and clock.due_date == date(2027, 2, 9)
    assert "1 running due date is provisional" in client.get("/admin/calendar").text

    upload = (io.BytesIO(FULL_2027.encode("utf-8-sig")), "2027.csv")
    response = client.post("/admin/calendar/import", data={"file": upload}, content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.text
    assert db.session.get(CalendarYear, 2027) is None  # nothing saved by the preview
    assert 'data-testid="missing-holidays"' not in page
    extra = section(page, "extra-days-off")
    assert all(f"2027-02-{d:02d}" in extra for d in (9, 10, 11, 12)) and "2027-10-04" in extra
    assert "2027-02-08" not in extra  # 初三 is statutory: no change against the law
    adjusted = section(page, "adjusted-workdays")
    assert "2027-02-14" in adjusted and "2027-10-09" in adjusted
    assert 'data-testid="not-stored"' in page
    assert "1 running due date moves." in section(page, "moves")
    assert reply_clock().due_date == date(2027, 2, 9)

    # The preview's form carries the rows back.
    carried = re.search(r'name="text" value="([^"]*)"', page).group(1)
    response = save(client, html.unescape(carried))
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/calendar/2027")

    clock = reply_clock()
    # 02-05 … 02-13 are the Spring Festival; Sunday 02-14 is worked by adjustment.
    assert not clock.provisional and clock.due_date == date(2027, 2, 14)
    event = db.session.execute(select(Event).where(Event.action == "recompute-due")).scalar_one()
    assert event.proposal_id == clock.proposal_id and event.actor_id == admin.id and event.note == "reply"
    assert event.changes == {"due_date": ["2027-02-09", "2027-02-14"], "provisional": [True, False]}
    told = db.session.execute(select(Notification).where(Notification.event_id == event.id)).scalars().all()
    assert sorted(n.recipient_id for n in told) == sorted([world.clerk.id, world.approver.id])
    assert all(n.due_date == date(2027, 2, 14) and not n.due_provisional for n in told)

    page = client.get("/admin/calendar/2027").text
    assert "Imported 2027 (holidays: 29, adjusted workdays: 4)." in page
    assert "1 running due date moved." in page
    assert db.session.get(CalendarYear, 2027).source == "admin"


def test_a_file_without_statutory_holidays_is_refused_unless_confirmed(admin, client):
    upload = (io.BytesIO(WITHOUT_TWO_2027.encode()), "2027.csv")
    page = client.post("/admin/calendar/import", data={"file": upload}, content_type="multipart/form-data").text
    missing = section(page, "missing-list")
    assert "2027-06-09" in missing and "端午节" in missing and "2027-09-15" in missing and "中秋节" in missing
    assert 'id="confirm_missing"' in page

    page = save(client, WITHOUT_TWO_2027).text
    assert "2027-06-09 端午节" in field_error(page, "confirm_missing")
    assert db.session.get(CalendarYear, 2027) is None

    assert save(client, WITHOUT_TWO_2027, confirm_missing="y").status_code == 302
    assert db.session.get(CalendarYear, 2027) is not None


def test_a_complete_file_needs_no_confirmation(admin, client):
    page = client.post("/admin/calendar/import", data={"text": FULL_2027}).text
    assert 'id="confirm_missing"' not in page
    assert save(client, FULL_2027).status_code == 302


def test_replacing_a_year_previews_against_the_stored_one_and_moves_final_due_dates(admin, client):
    world = World()
    world.proposal("in_handling", now=NOVEMBER_2026)
    assert save(client, FULL_2027).status_code == 302
    assert reply_clock().due_date == date(2027, 2, 14) and not reply_clock().provisional

    page = client.post("/admin/calendar/import", data={"text": CORRECTED_2027}).text
    assert "2027-02-14" in section(page, "stored-new-days-off")
    assert "None." in section(page, "stored-new-workdays")
    assert "1 running due date moves." in section(page, "moves")
    # Without the box ticked the stored year stays as it is.
    page = save(client, CORRECTED_2027).text
    assert "2027 is in the calendar already" in field_error(page, "replace")
    assert reply_clock().due_date == date(2027, 2, 14)

    assert save(client, CORRECTED_2027, replace="y").status_code == 302
    clock = reply_clock()
    assert clock.due_date == date(2027, 2, 15) and not clock.provisional
    events = db.session.execute(select(Event).where(Event.action == "recompute-due").order_by(Event.id)).scalars()
    assert [e.changes["due_date"] for e in events] == [["2027-02-09", "2027-02-14"], ["2027-02-14", "2027-02-15"]]


def test_the_timeline_shows_the_move_and_the_provisional_mark(admin, client, login):
    world = World()
    proposal = world.proposal("in_handling", now=NOVEMBER_2026)
    assert save(client, FULL_2027).status_code == 302
    office = login("office")
    office.post("/lang/en", data={"next": "/"})
    page = office.get(f"/proposals/{proposal.id}").text
    moved = page.split('data-testid="due-event"', 1)[1].split("</div>", 1)[0]
    assert "2027-02-09 (provisional)" in moved and "2027-02-14" in moved


@pytest.mark.parametrize("text, line, words", [
    ("date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n", 3, "is not a day of the calendar"),
    ("date,kind,name\n2027-01-01,holiday,元旦\n\n2027-01-04,workday,x\n", 4, "is a weekday"),
    ("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", 3, "a file holds one year only"),
    ("day,type\n2027-01-01,holiday\n", 1, "the first line must be the header"),
    ("date,kind,name\n2027-01-01,vacation,元旦\n", 2, "the kind must be 放假"),
    ("日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-04,上班,x\n", 3, "is a weekday"),
])
def test_a_bad_file_shows_the_line_and_changes_nothing(admin, client, text, line, words):
    upload = (io.BytesIO(text.encode()), "bad.csv")
    response = client.post("/admin/calendar/import", data={"file": upload}, content_type="multipart/form-data")
    assert response.status_code == 200
    message = field_error(response.text, "file")
    assert message.startswith(f"Line {line}:") and words in message
    assert db.session.get(CalendarYear, 2027) is None
    # Pasted text gets its message next to the text box.
    message = field_error(client.post("/admin/calendar/import", data={"text": text}).text, "text")
    assert message.startswith(f"Line {line}:")


def test_upload_checks(admin, client):
    page = client.post("/admin/calendar/import", data={}).text
    assert "Choose a file or paste the rows." in field_error(page, "file")
    binary = (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "picture.csv")
    page = client.post("/admin/calendar/import", data={"file": binary}, content_type="multipart/form-data").text
    assert "Upload a CSV text file" in field_error(page, "file")
    huge = (io.BytesIO(b"date,kind,name\n" + b"2027-01-01,holiday,x\n" * 4000), "big.csv")
    page = client.post("/admin/calendar/import", data={"file": huge}, content_type="multipart/form-data").text
    assert "at most 64 KB" in field_error(page, "file")


def test_a_gb18030_file_from_excel_is_read(admin, client):
    upload = (io.BytesIO(FULL_2027.encode("gb18030")), "2027.csv")
    page = client.post("/admin/calendar/import", data={"file": upload}, content_type="multipart/form-data").text
    assert "春节" in section(page, "adjusted-workdays")


def test_replacing_a_covered_year_needs_the_box_ticked(admin, client):
    text = "date,kind,name\n2026-01-01,holiday,元旦\n"
    page = save(client, text, confirm_missing="y").text
    assert "2026 is in the calendar already (source: chinesecalendar)" in field_error(page, "replace")
    assert db.session.get(CalendarYear, 2026).source == "chinesecalendar"
    # With the box ticked a year is replaced as a whole (2027 here: the test data cleanup removes it).
    save(client, FULL_2027)
    smaller = "date,kind,name\n2027-01-01,holiday,元旦\n"
    assert save(client, smaller, replace="y", confirm_missing="y").status_code == 302
    db.session.expire_all()
    assert db.session.execute(select(CalendarDay).where(CalendarDay.day >= date(2027, 1, 1))).scalars().all() == [
        db.session.get(CalendarDay, date(2027, 1, 1))
    ]


def test_covered_years_and_a_year_page(admin, client):
    page = client.get("/admin/calendar").text
    assert 'href="/admin/calendar/2026"' in page and 'href="/admin/calendar/2004"' in page
    assert "chinesecalendar" in page and "2027" in page  # the next year, not covered yet
    page = client.get("/admin/calendar/2026").text
    assert "春节" in page and "2026-02-15" in page and "2026-02-23" in page  # the Spring Festival run
    assert "2026-02-14" in page and "2026-02-28" in page  # adjusted working Saturdays
    assert client.get("/admin/calendar/2031").status_code == 404


@pytest.mark.parametrize("args, expected", [
    ({"start": "2026-09-24", "amount": "5", "unit": "working_days"}, "2026-10-09"),
    ({"start": "2026-07-07", "amount": "3", "unit": "months"}, "2026-10-08"),
    ({"start": "2026-02-13", "amount": "1", "unit": "working_days"}, "2026-02-14"),
    ({"start": "2026-01-31", "amount": "1", "unit": "months"}, "2026-02-28"),
])
def test_due_date_calculator(admin, client, args, expected):
    page = client.get("/admin/calendar", query_string=args).text
    result = page.split('data-testid="due-result"', 1)[1]
    assert f'<p class="stat">{expected}</p>' in result and "provisional" not in result.split("</div>")[0]


def test_due_date_calculator_marks_provisional_and_checks_input(admin, client):
    page = client.get("/admin/calendar", query_string={"start": "2026-12-01", "amount": "3", "unit": "months"}).text
    result = page.split('data-testid="due-result"', 1)[1].split("</div>")[0]
    assert "2027-03-01" in result and "provisional" in result
    page = client.get("/admin/calendar", query_string={"start": "1.12.2026", "amount": "0", "unit": "months"}).text
    assert 'data-testid="due-result"' not in page
    assert field_error(page, "start") == "Not a valid date value."
    assert "Number must be between 1 and 999." in field_error(page, "amount")


def test_due_date_calculator_needs_a_start(admin, client):
    page = client.get("/admin/calendar", query_string={"start": "", "amount": "5", "unit": "working_days"}).text
    assert field_error(page, "start") == "Enter a date like 2026-09-24."


def test_the_year_downloads_in_the_readers_language_and_imports_again(admin, client):
    """Issue 9 §4: no English in the Chinese interface's files. The Chinese download says
    日期,类型,名称 and 放假/上班; both downloads read back as the same days."""
    from workflow.domain.calendar_file import parse_calendar_file

    with client.session_transaction() as s:
        s["lang"] = "zh_Hans"
    chinese = client.get("/admin/calendar/2026.csv").get_data(as_text=True).lstrip("\ufeff")
    assert chinese.splitlines()[0] == "日期,类型,名称"
    assert "holiday" not in chinese and "workday" not in chinese and "放假" in chinese and "上班" in chinese
    with client.session_transaction() as s:
        s["lang"] = "en"
    english = client.get("/admin/calendar/2026.csv").get_data(as_text=True).lstrip("\ufeff")
    assert english.splitlines()[0] == "date,kind,name"
    assert parse_calendar_file(chinese) == parse_calendar_file(english)
    assert parse_calendar_file(chinese)[0] == 2026 and len(parse_calendar_file(chinese)[1]) > 20
