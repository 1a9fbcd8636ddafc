"""The office's figures (SPEC 6) over a small world built through the real services
(tests/figures_support.py), on SQLite and PostgreSQL alike."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from tests.figures_support import ASKED_AT, build, day, filed, mine, send
from tests.sql_support import recorded
from workflow.extensions import db
from workflow.models import Reply
from workflow.services import assignment, decisions, figures
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Forbidden
from workflow.services.figures import FigureFilter


@pytest.fixture
def w(ctx):
    world = World()
    world.items = build(world)
    return world


def by_code(result):
    return {row.bureau.code: row.counts for row in result.rows}


def test_each_bureau_counts_the_assignments_where_it_answers(w):
    result = figures.figures(w.office, FigureFilter(), ASKED_AT)
    rows = by_code(result)
    assert list(rows) == ["lead", "other"]  # the co bureau answers nobody: no row here
    lead, other = rows["lead"], rows["other"]
    assert (lead.assigned, lead.replied, lead.filed, lead.closed, lead.overdue) == (4, 3, 4, 2, 0)
    assert (lead.sent, lead.on_time, lead.contacted, lead.feedback) == (4, 3, 2, 3)
    assert (lead.satisfied, lead.basically_satisfied, lead.content) == (1, 1, 2)
    assert (lead.days_total, lead.days_count) == (7 + 7 + 10, 3)  # first rounds only
    assert lead.categories == {"A": 2, "B": 1}  # 第2号's latest reply (B), not its first (C)
    assert lead.completion_rate == Decimal("50.0")
    assert lead.on_time_rate == Decimal("75.0")
    assert lead.contact_rate == Decimal("50.0")
    assert lead.satisfaction_rate == Decimal("66.7")
    assert (lead.satisfied_rate, lead.basically_satisfied_rate) == (Decimal("33.3"), Decimal("33.3"))
    assert lead.average_days == Decimal("8.0")
    assert (lead.share("A"), lead.share("B"), lead.share("C")) == (Decimal("66.7"), Decimal("33.3"), Decimal("0.0"))
    # The withdrawn lead assignment of 第4号 is not counted; 第3号 is overdue.
    assert (other.assigned, other.replied, other.closed, other.overdue, other.sent) == (1, 0, 0, 1, 0)
    assert other.on_time_rate is None and other.satisfaction_rate is None and other.average_days is None
    assert other.share("A") is None
    totals = result.totals
    assert (totals.assigned, totals.replied, totals.closed, totals.overdue, totals.sent) == (5, 3, 2, 1, 4)
    assert [c.code for c in result.categories] == ["A", "B", "C"]


def test_completion_is_closed_items_of_the_filed_items(w):
    """办结率 = closed / filed: the six items filed (two still waiting for their bureaus, two closed
    since), each once however many bureaus answer it; the one not filed counts nowhere."""
    totals = figures.figures(w.office, FigureFilter(), ASKED_AT).totals
    assert (totals.filed, totals.closed, totals.completion_rate) == (6, 2, Decimal("33.3"))
    lead = figures.figures(w.office, FigureFilter(bureau=w.lead.id), ASKED_AT).totals
    assert (lead.filed, lead.closed, lead.completion_rate) == (4, 2, Decimal("50.0"))  # its own items
    other = figures.figures(w.office, FigureFilter(bureau=w.other.id), ASKED_AT).totals
    assert (other.filed, other.closed) == (1, 0)  # 第3号; 第2号 it only co-handles
    key = figures.figures(w.office, FigureFilter(key_only=True), ASKED_AT).totals
    assert (key.filed, key.closed, key.completion_rate) == (1, 0, Decimal("0.0"))
    npc = figures.figures(w.office, FigureFilter(channel="npc"), ASKED_AT).totals
    assert (npc.filed, npc.completion_rate) == (0, None)


def test_satisfaction_shows_satisfied_basically_and_their_sum(w):
    totals = figures.figures(w.office, FigureFilter(), ASKED_AT).totals
    assert (totals.feedback, totals.satisfied, totals.basically_satisfied, totals.content) == (3, 1, 1, 2)
    assert (totals.satisfied_rate, totals.basically_satisfied_rate, totals.satisfaction_rate) == (
        Decimal("33.3"), Decimal("33.3"), Decimal("66.7"))


def test_co_bureaus_get_rows_of_their_own(w):
    result = figures.figures(w.office, FigureFilter(), ASKED_AT)
    co = {row.bureau.code: row.counts for row in result.co_rows}
    assert list(co) == ["co", "other"]
    assert (co["co"].assigned, co["co"].given, co["co"].on_time, co["co"].on_time_rate) == (2, 2, 1, Decimal("50.0"))
    assert (co["other"].assigned, co["other"].given, co["other"].on_time, co["other"].on_time_rate) == (1, 0, 0, None)
    assert (result.co_totals.assigned, result.co_totals.given, result.co_totals.on_time) == (3, 2, 1)
    only_other = figures.figures(w.office, FigureFilter(bureau=w.other.id), ASKED_AT)
    assert [r.bureau.code for r in only_other.co_rows] == ["other"] and only_other.co_totals.assigned == 1
    assert figures.figures(w.office, FigureFilter(key_only=True), ASKED_AT).co_rows == []


def test_overdue_is_read_at_the_time_asked(w):
    before_due = ASKED_AT.replace(day=ASKED_AT.day - 5)  # day 10: 第3号 is due that very day
    assert figures.figures(w.office, FigureFilter(), before_due).totals.overdue == 0


def test_filters(w):
    key = figures.figures(w.office, FigureFilter(key_only=True), ASKED_AT)
    assert [(r.bureau.code, r.counts.assigned, r.counts.replied) for r in key.rows] == [("lead", 1, 0)]
    other = figures.figures(w.office, FigureFilter(bureau=w.other.id), ASKED_AT)
    assert [r.bureau.code for r in other.rows] == ["other"]
    assert figures.figures(w.office, FigureFilter(session=w.session.id), ASKED_AT).totals.assigned == 5
    assert figures.figures(w.office, FigureFilter(category=w.category.id), ASKED_AT).totals.assigned == 5
    npc = figures.figures(w.office, FigureFilter(channel="npc"), ASKED_AT)
    assert npc.rows == [] and npc.totals.assigned == 0 and npc.totals.completion_rate is None
    assert figures.figures(w.office, FigureFilter(session=w.npc_session.id), ASKED_AT).rows == []


def test_a_corrected_category_counts_as_corrected(w):
    lead_part = mine(w.items["p3"], w.lead.id)
    row = db.session.execute(select(Reply).where(Reply.assignment_id == lead_part.id)).scalar_one()
    decisions.correct_category(w.office, row.id, "C", "实为留作参考", ASKED_AT)
    lead = by_code(figures.figures(w.office, FigureFilter(), ASKED_AT))["lead"]
    assert lead.categories == {"A": 1, "B": 1, "C": 1}


def _statements(w) -> int:
    with recorded() as statements:
        figures.figures(w.office, FigureFilter(), ASKED_AT)
    return len(statements)


def test_the_queries_do_not_grow_with_the_items(w):
    _statements(w)  # loads what the session caches (the office's roles)
    before = _statements(w)
    p5 = filed(w, "关于第五件的建议")
    assignment.assign(w.office, p5.id, [BureauChoice(w.other.id, "lead")], NOW)
    a5 = mine(p5, w.other.id)
    assignment.receive(w.otherclerk, a5.id, NOW)
    send(w.otherclerk, w.otherapprover, a5.id, day(5), "B")
    db.session.expire_all()
    _statements(w)
    # five aggregates (assignments, replies, categories, items, co-handling), the bureaus, the two
    # channels' category settings
    assert _statements(w) == before <= 8
    assert by_code(figures.figures(w.office, FigureFilter(), ASKED_AT))["other"].sent == 1


@pytest.mark.parametrize("who", ["clerk", "approver", "proposer", "coclerk"])
def test_only_the_office_and_admins_see_figures(w, who):
    with pytest.raises(Forbidden):
        figures.figures(getattr(w, who), FigureFilter(), ASKED_AT)
    assert figures.figures(w.admin, FigureFilter(), ASKED_AT).totals.assigned == 5
