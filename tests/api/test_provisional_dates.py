"""The API shows a provisional due date as such, and the move an import makes on the timeline."""
from datetime import UTC, datetime

from tests.calendar_support import FULL_2027, NOVEMBER_2026
from workflow.domain.calendar_file import parse_calendar_file
from workflow.services import calendar


def reply_clock(body: dict) -> dict:
    [clock] = [c for c in body["clocks"] if c["kind"] == "reply"]
    return clock


def test_a_provisional_2027_due_date_avoids_the_spring_festival_and_says_so(world, api):
    proposal = world.proposal("in_handling", now=NOVEMBER_2026)
    body = api(world.office).get(f"proposals/{proposal.id}").get_json()
    clock = reply_clock(body)
    assert (clock["due_date"], clock["provisional"]) == ("2027-02-09", True)

    calendar.import_year(2027, parse_calendar_file(FULL_2027)[1], datetime(2026, 12, 7, 2, 0, tzinfo=UTC), world.admin)
    body = api(world.clerk).get(f"proposals/{proposal.id}").get_json()
    assert (reply_clock(body)["due_date"], reply_clock(body)["provisional"]) == ("2027-02-14", False)
    [moved] = [e for e in body["timeline"] if e["action"] == "recompute-due"]
    assert moved["changes"] == {"due_date": ["2027-02-09", "2027-02-14"], "provisional": [True, False]}
    assert moved["note"] == "reply"
