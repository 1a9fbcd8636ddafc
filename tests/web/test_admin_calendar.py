"""The calendar screens: importing a year recomputes provisional due dates; the calculator."""
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.factories import World, make_user
from tests.web.admin_support import field_error, sign_in
from workflow.domain.clocks import ClockKind
from workflow.extensions import db
from workflow.models import CalendarDay, CalendarYear, Clock, Event

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


def test_import_by_upload_recomputes_a_provisional_clock(admin, client):
    world = World()
    # Assigned on Friday 2026-11-06: the reply is due three months later, 2027-02-06, a Saturday.
    world.proposal("in_handling", now=datetime(2026, 11, 6, 2, 0, tzinfo=UTC))
    clock = reply_clock()
    assert clock.provisional and clock.due_date == date(2027, 2, 8)  # weekends alone: the Monday
    assert "1 running due date is provisional" in client.get("/admin/calendar").text

    upload = (io.BytesIO(CALENDAR_2027.encode("utf-8-sig")), "2027.csv")
    response = client.post("/admin/calendar/import", data={"file": upload}, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/calendar/2027")

    clock = reply_clock()
    # 02-06 … 02-13 are the Spring Festival; Sunday 02-14 is worked by adjustment.
    assert not clock.provisional and clock.due_date == date(2027, 2, 14)
    event = db.session.execute(select(Event).where(Event.action == "recompute-due")).scalar_one()
    assert event.proposal_id == clock.proposal_id and event.actor_id == admin.id and event.note == "reply"
    assert event.changes == {"due_date": ["2027-02-08", "2027-02-14"], "provisional": [True, False]}

    page = client.get("/admin/calendar/2027").text
    assert "Imported 2027 (holidays: 12, adjusted workdays: 1)." in page
    assert "1 provisional due date was recomputed." in page
    assert "2027-02-05" in page and "2027-02-13" in page and "2027-02-14" in page
    assert db.session.get(CalendarYear, 2027).source == "admin"


def test_import_by_pasting(admin, client):
    response = client.post("/admin/calendar/import", data={"text": CALENDAR_2027})
    assert response.status_code == 302
    days = db.session.execute(select(CalendarDay).where(CalendarDay.day >= date(2027, 1, 1))).scalars().all()
    assert len(days) == 13
    csv = client.get("/admin/calendar/2027.csv")
    assert csv.mimetype == "text/csv" and "2027-02-14,workday,春节" in csv.text


@pytest.mark.parametrize("text, line, words", [
    ("date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n", 3, "is not a day of the calendar"),
    ("date,kind,name\n2027-01-01,holiday,元旦\n\n2027-01-04,workday,x\n", 4, "is a weekday"),
    ("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", 3, "a file holds one year only"),
    ("day,type\n2027-01-01,holiday\n", 1, "the first line must be the header"),
    ("date,kind,name\n2027-01-01,vacation,元旦\n", 2, "kind must be holiday or workday"),
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
    upload = (io.BytesIO(CALENDAR_2027.encode("gb18030")), "2027.csv")
    response = client.post("/admin/calendar/import", data={"file": upload}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.get(CalendarDay, date(2027, 2, 14)).name == "春节"


def test_replacing_a_covered_year_needs_the_box_ticked(admin, client):
    text = "date,kind,name\n2026-01-01,holiday,元旦\n"
    page = client.post("/admin/calendar/import", data={"text": text}).text
    assert "2026 is in the calendar already (source: chinesecalendar)" in field_error(page, "replace")
    assert db.session.get(CalendarYear, 2026).source == "chinesecalendar"
    # With the box ticked a year is replaced as a whole (2027 here: the test data cleanup removes it).
    client.post("/admin/calendar/import", data={"text": CALENDAR_2027})
    smaller = "date,kind,name\n2027-01-01,holiday,元旦\n"
    assert client.post("/admin/calendar/import", data={"text": smaller, "replace": "y"}).status_code == 302
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
