"""flask calendar due / import."""
import pytest
from sqlalchemy import select

from workflow.extensions import db
from workflow.models import CalendarYear

CALENDAR_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n" + "".join(
    f"2027-02-{d:02d},holiday,春节\n" for d in range(5, 14)
) + "2027-02-14,workday,春节\n"


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


@pytest.mark.parametrize("args, expected", [
    (["2026-09-24", "--working-days", "5"], "2026-10-09"),  # across the National Day holiday
    (["2026-07-07", "--months", "3"], "2026-10-08"),  # 10-07 is a holiday: the next working day
    (["2026-02-13", "--working-days", "1"], "2026-02-14"),  # a Saturday worked by adjustment
    (["2026-01-31", "--months", "1"], "2026-02-28"),  # no 31st in February: its last day
    (["2026-12-01", "--months", "3"], "2027-03-01 provisional"),  # 2027 is not in the calendar
])
def test_due(runner, args, expected):
    result = runner.invoke(args=["calendar", "due", *args])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == expected


def test_due_needs_exactly_one_period(runner):
    assert runner.invoke(args=["calendar", "due", "2026-09-24"]).exit_code == 2
    both = runner.invoke(args=["calendar", "due", "2026-09-24", "--months", "1", "--working-days", "1"])
    assert both.exit_code == 2 and "exactly one" in both.output
    assert runner.invoke(args=["calendar", "due", "24.09.2026", "--months", "1"]).exit_code == 2


def test_import_a_year_then_due_dates_are_final(runner, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(CALENDAR_2027, encoding="utf-8-sig")
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 2027: 11 day(s); 0 provisional due date(s) recomputed" in result.output
    assert db.session.get(CalendarYear, 2027).source == "admin"
    assert runner.invoke(args=["calendar", "due", "2026-12-01", "--months", "3"]).output.strip() == "2027-03-01"
    # 2026-11-06 + 3 months is Saturday 2027-02-06, inside the Spring Festival: the adjusted Sunday 02-14.
    assert runner.invoke(args=["calendar", "due", "2026-11-06", "--months", "3"]).output.strip() == "2027-02-14"


@pytest.mark.parametrize("text, line", [
    ("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", 3),
    ("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n", 3),
    ("2027-01-01,holiday,元旦\n", 1),
])
def test_import_a_bad_file(runner, tmp_path, text, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code != 0
    assert f"line {line}:" in result.output
    db.session.expire_all()
    assert db.session.execute(select(CalendarYear).where(CalendarYear.year == 2027)).first() is None
