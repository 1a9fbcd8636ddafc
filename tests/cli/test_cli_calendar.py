"""flask calendar due / import."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.calendar_support import CORRECTED_2027, FULL_2027, NOVEMBER_2026, WITHOUT_TWO_2027
from tests.factories import World
from workflow.domain.clocks import ClockKind
from workflow.extensions import db
from workflow.models import CalendarYear, Clock, Event

ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

CALENDAR_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n" + "".join(
    f"2027-02-{d:02d},holiday,春节\n" for d in range(5, 14)
) + "2027-02-14,workday,春节\n"


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


def run(runner, *args, env=ENGLISH):
    return runner.invoke(args=["calendar", *args], env=env)


def write(tmp_path, text, name="2027.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


@pytest.mark.parametrize("args, expected", [
    (["2026-09-24", "--working-days", "5"], "2026-10-09"),  # across the National Day holiday
    (["2026-07-07", "--months", "3"], "2026-10-08"),  # 10-07 is a holiday: the next working day
    (["2026-02-13", "--working-days", "1"], "2026-02-14"),  # a Saturday worked by adjustment
    (["2026-01-31", "--months", "1"], "2026-02-28"),  # no 31st in February: its last day
    (["2026-12-01", "--months", "3"], "2027-03-01 (provisional)"),  # 2027 is not in the calendar
    # The case of the issue: 2027-02-06 is 初一; 除夕 to 初三 are statutory, so not 02-08 but 02-09.
    (["2026-11-06", "--months", "3"], "2027-02-09 (provisional)"),
])
def test_due(runner, args, expected):
    result = run(runner, "due", *args)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == expected


def test_due_needs_exactly_one_period(runner):
    assert run(runner, "due", "2026-09-24").exit_code == 2
    both = runner.invoke(args=["calendar", "due", "2026-09-24", "--months", "1", "--working-days", "1"])
    assert both.exit_code == 2 and "exactly one" in both.output
    assert runner.invoke(args=["calendar", "due", "24.09.2026", "--months", "1"]).exit_code == 2


def test_due_marks_a_provisional_date_in_chinese(runner):
    result = run(runner, "due", "2026-11-06", "--months", "3", env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert result.output.strip() == "2027-02-09（待定）"


def test_import_a_year_then_due_dates_are_final(runner, tmp_path):
    result = run(runner, "import", write(tmp_path, FULL_2027))
    assert result.exit_code == 0, result.output
    assert "2027 is not in the calendar yet." in result.output
    assert "Adjusted workdays:\n  2027-02-14 春节\n  2027-04-25 劳动节" in result.output
    assert "Imported 2027: 33 day(s). 0 running due dates moved." in result.output
    assert db.session.get(CalendarYear, 2027).source == "admin"
    assert run(runner, "due", "2026-12-01", "--months", "3").output.strip() == "2027-03-01"
    # 2026-11-06 + 3 months is Saturday 2027-02-06, inside the Spring Festival: the adjusted Sunday 02-14.
    assert run(runner, "due", "2026-11-06", "--months", "3").output.strip() == "2027-02-14"


def test_import_refuses_missing_statutory_holidays_unless_confirmed(runner, tmp_path):
    path = write(tmp_path, WITHOUT_TWO_2027)
    result = run(runner, "import", path)
    assert result.exit_code == 1
    assert "Statutory holidays missing (the file makes them working days):\n  2027-06-09 端午节\n  2027-09-15 中秋节" \
        in result.output
    assert "--confirm-missing-holidays" in result.output
    assert db.session.get(CalendarYear, 2027) is None
    result = run(runner, "import", path, "--confirm-missing-holidays")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(CalendarYear, 2027) is not None


def test_import_speaks_chinese_by_default(runner, tmp_path):
    result = run(runner, "import", write(tmp_path, WITHOUT_TWO_2027), env={"LANG": "C.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 1
    assert "2027-06-09 端午节" in result.output and "未保存" in result.output


def test_dry_run_saves_nothing(runner, tmp_path):
    World().proposal("in_handling", now=NOVEMBER_2026)
    result = run(runner, "import", write(tmp_path, FULL_2027), "--dry-run")
    assert result.exit_code == 0 and "1 running due date moves." in result.output
    assert "Dry run: nothing was saved." in result.output
    assert db.session.get(CalendarYear, 2027) is None


def test_replacing_a_year_needs_replace_and_moves_the_clocks(runner, tmp_path):
    World().proposal("in_handling", now=NOVEMBER_2026)
    assert run(runner, "import", write(tmp_path, FULL_2027)).exit_code == 0
    path = write(tmp_path, CORRECTED_2027, "corrected.csv")
    refused = run(runner, "import", path)
    assert refused.exit_code == 1 and "Give --replace" in refused.output
    result = run(runner, "import", path, "--replace")
    assert result.exit_code == 0, result.output
    assert "Become days off:\n  2027-02-14 春节" in result.output
    assert "1 running due date moved." in result.output
    db.session.expire_all()
    clock = db.session.execute(select(Clock).where(Clock.kind == ClockKind.REPLY)).scalar_one()
    assert clock.due_date == date(2027, 2, 15) and not clock.provisional
    moved = db.session.execute(select(Event).where(Event.action == "recompute-due").order_by(Event.id)).scalars()
    assert [e.changes["due_date"] for e in moved] == [["2027-02-09", "2027-02-14"], ["2027-02-14", "2027-02-15"]]


@pytest.mark.parametrize("text, line", [
    ("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", 3),
    ("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n", 3),
    ("2027-01-01,holiday,元旦\n", 1),
])
def test_import_a_bad_file(runner, tmp_path, text, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = run(runner, "import", str(path))
    assert result.exit_code != 0
    assert f"Line {line}:" in result.output
    db.session.expire_all()
    assert db.session.execute(select(CalendarYear).where(CalendarYear.year == 2027)).first() is None


def test_recompute_after_an_upgrade_moves_a_date_computed_on_weekends_alone(runner):
    World().proposal("in_handling", now=NOVEMBER_2026)
    clock = db.session.execute(select(Clock).where(Clock.kind == ClockKind.REPLY)).scalar_one()
    clock.due_date = date(2027, 2, 8)  # as the weekends-only rule of earlier versions computed it
    db.session.commit()
    result = run(runner, "recompute")
    assert result.exit_code == 0 and "1 running due date moved." in result.output
    db.session.expire_all()
    assert db.session.get(Clock, clock.id).due_date == date(2027, 2, 9)
    assert run(runner, "recompute").output.strip() == "0 running due dates moved."


def test_a_bad_file_is_told_in_chinese(runner, tmp_path):
    path = write(tmp_path, "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", "bad.csv")
    result = run(runner, "import", path, env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 1 and "第3行：“2027-02-30”不是有效日期" in result.output
