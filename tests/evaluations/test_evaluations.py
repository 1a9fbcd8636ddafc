"""Year-end evaluations over the figures' small world (tests/figures_support.py), built through the
real services: the bureaus' scores computed by hand, the office's formula, the members' records,
the pages in Chinese and the XLSX files."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import NOW, World
from tests.figures_support import ASKED_AT, build
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Event, Session
from workflow.services import member_records, review, scores, submission
from workflow.services.errors import Forbidden, Invalid
from workflow.services.submission import DraftInput


@pytest.fixture
def w(ctx):
    world = World()
    world.items = build(world)
    return world


def by_code(rows):
    return {row.bureau.code: row for row in rows}


def test_the_lead_bureaus_score_computed_by_hand(w):
    rows = by_code(scores.bureau_scores(w.office, w.session.id, ASKED_AT))
    lead, other = rows["lead"], rows["other"]
    f = lead.facts
    assert (f.assigned, f.sent, f.on_time, f.contacted, f.feedback, f.content) == (4, 4, 3, 2, 3, 2)
    assert (dict(f.categories), f.rehandled, f.overdue_days) == ({"A": 2, "B": 1}, 1, 5)  # 第2号 sent 5 days late
    # on time 3/4, contact 2/4, satisfaction 2/3, categories (2 × 1 + 1 × 0.6)/3:
    # 30 × .75 + 20 × .5 + 30 × 2/3 + 20 × 2.6/3 = 69.83; re-handling 10 × 1/4 = 2.5;
    # overdue 10 × (5/4)/30 = 0.42; 69.83 − 2.5 − 0.42 = 66.92
    assert [p.points for p in lead.score.parts] == [Decimal("22.5"), Decimal("10.0"), Decimal("20.0"), Decimal("17.3")]
    assert (lead.score.base, lead.score.total, lead.rank) == (Decimal("69.8"), Decimal("66.9"), 1)
    # 市教育局 has sent nothing: not ranked; its separate item is 5 days overdue at the time asked.
    assert other.score.total is None and other.rank is None and other.facts.overdue_days == 5
    assert list(rows) == ["lead", "other"]


def test_the_office_configures_the_formula(w):
    with pytest.raises(Invalid) as refused:
        scores.save_formula(w.office, {"value_b": 2}, NOW)
    assert "value_b" in refused.value.errors
    scores.save_formula(w.office, {"on_time": 100, "contact": 0, "satisfaction": 0, "category": 0,
                                   "rehandling_points": 0, "overdue_points": 0}, NOW)
    lead = by_code(scores.bureau_scores(w.office, w.session.id, ASKED_AT))["lead"]
    assert lead.score.total == Decimal("75.0")  # on time alone: 3 of 4
    event = db.session.execute(select(Event).where(Event.action == "scores-formula")).scalar_one()
    assert event.changes["on_time"] == [30, 100]
    with pytest.raises(Forbidden):
        scores.bureau_scores(w.clerk, w.session.id, ASKED_AT)
    with pytest.raises(Forbidden):
        scores.save_formula(w.proposer, {}, NOW)


def test_a_members_record_for_the_session(w):
    joint = w.draft(author=w.proposer2, title="关于联名的建议", author_kind="joint", cosigner_ids=[w.proposer.id])
    submission.submit(w.proposer2, joint.id, NOW)
    submission.answer_cosign(w.proposer, joint.id, True, NOW)
    review.start_review(w.office, joint.id, NOW)
    scope = member_records.scope_for(session_id=w.session.id)
    records = {r.user.username: r for r in member_records.records(w.office, scope)}
    mine = records["proposer"]
    assert (mine.written, mine.led, mine.alone, mine.cosigned, mine.filed, mine.not_filed) == (7, 0, 7, 1, 6, 1)
    assert mine.categories == {"A": 2, "B": 1}  # 第2号 counts its latest reply (B), not the first (C)
    assert mine.ratings == {"satisfied": 1, "unsatisfied": 1, "basically_satisfied": 1}
    partner = records["proposer2"]
    assert (partner.written, partner.led, partner.cosigned) == (1, 1, 0)
    assert "deputy" not in records  # the CPPCC session lists members, not deputies
    # The member sees their own record; not another's. The office sees every one.
    [own] = member_records.records(w.proposer, scope, w.proposer.id)
    assert own.written == 7
    with pytest.raises(Forbidden):
        member_records.records(w.proposer, scope, w.proposer2.id)


def test_a_deputys_record_over_a_whole_term_counts_seconding(w):
    first = db.session.get(Session, w.npc_session.id)
    later = Session(channel="npc", name="市人大第二次会议", term=first.term, meeting=first.meeting + 1,
                    year=first.year + 1, number_format=first.number_format)
    db.session.add(later)
    db.session.commit()
    one = w.proposal("under_review", author=w.deputy, title="关于第一次会议的建议")
    two = submission.create_draft(w.deputy, DraftInput(title="关于第二次会议的建议", body="……", session_id=later.id), NOW)
    submission.submit(w.deputy, two.id, NOW)
    submission.second(w.deputy2, one.id, NOW)
    term = member_records.scope_for(channel="npc", term=first.term)
    assert term.whole_term and set(term.session_ids) == {first.id, later.id}
    records = {r.user.username: r for r in member_records.records(w.office, term)}
    assert records["deputy"].written == 2 and records["deputy2"].seconded == 1
    session_only = member_records.scope_for(session_id=later.id)
    assert {r.user.username: r for r in member_records.records(w.office, session_only)}["deputy"].written == 1


def test_the_pages_and_files_in_chinese(w, login):
    office = login("office")
    page = office.get(f"/evaluations/bureaus?session={w.session.id}").get_data(as_text=True)
    # The pages read the scores now (第4号 is overdue by now, too), as the service does.
    total = by_code(scores.bureau_scores(w.office, w.session.id, utcnow()))["lead"].score.total
    assert "承办单位办理绩效" in page and "市经信局" in page and "按期答复" in page
    assert f'<strong data-testid="score-total">{total}</strong>' in page
    book = load_workbook(io.BytesIO(office.get(f"/evaluations/bureaus.xlsx?session={w.session.id}").data))
    sheet = book.active
    assert sheet["A2"].value == "排名" and sheet["B3"].value == "市经信局" and sheet["J3"].value == float(total)
    assert sheet.freeze_panes == "C3"
    records = office.get(f"/evaluations/members?session={w.session.id}")
    text = records.get_data(as_text=True)
    assert "委员履职档案" in text and "杨文艳" in text and "领衔" in text
    xlsx = office.get(f"/evaluations/members.xlsx?session={w.session.id}")
    assert xlsx.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A2"].value == "委员" and sheet["C2"].value == "提出"
    names = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert "杨文艳" in names
    formula = office.post("/evaluations/formula", data={**scores.formula().__dict__, "value_a": "1.5"})
    assert formula.status_code == 200 and "请填写 0 到 1 之间的数" in formula.get_data(as_text=True)
    member = login("proposer")
    own = member.get("/evaluations/mine")
    assert own.status_code == 302
    record = member.get(own.headers["Location"]).get_data(as_text=True)
    assert "杨文艳的履职档案" in record and "关于第一件的建议" in record
    assert member.get(f"/evaluations/members/{w.proposer2.id}?session={w.session.id}").status_code == 403
    assert member.get("/evaluations/bureaus").status_code == 403
    assert login("clerk").get("/evaluations/members").status_code == 403


def test_the_workbooks_hold_no_formula(w, login):
    w.proposer.name, w.lead.name = '=HYPERLINK("http://x","点此")', "@SUM(1+1)"
    db.session.commit()
    office = login("office")
    for url in (f"/evaluations/members.xlsx?session={w.session.id}", f"/evaluations/bureaus.xlsx?session={w.session.id}"):
        book = load_workbook(io.BytesIO(office.get(url).data))
        values = [c.value for sheet in book for line in sheet.iter_rows() for c in line]
        assert not [v for v in values if isinstance(v, str) and v[:1] in "=+-@"]
        assert any(isinstance(v, str) and v.startswith("'") for v in values)
