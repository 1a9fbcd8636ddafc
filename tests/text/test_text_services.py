"""Similar proposals, suggested bureaus and the stored words, through the services on a real
database (issue 11)."""
from __future__ import annotations

from tests.factories import NOW
from workflow.extensions import db
from workflow.models import ProposalTerms, RoutingExample
from workflow.services import assignment, routing, similar, submission, text_index
from workflow.services.assignment import BureauChoice
from workflow.services.submission import DraftInput

PARKING = "城区停车难问题突出，老旧小区停车位不足，建议：1. 建设立体停车场。2. 推广错时共享停车。3. 规范路边停车收费。"
SCHOOL = "中小学生近视率上升，课后服务质量不一，建议：1. 落实“双减”要求。2. 加强课后服务。3. 开展近视防控。"


def test_every_draft_and_edit_stores_its_words(w):
    proposal = w.draft(title="关于缓解城区停车难的建议", body=PARKING)
    row = db.session.get(ProposalTerms, proposal.id)
    assert "停车难" in row.terms and row.channel == "cppcc" and row.session_id == w.session.id
    first = row.stamp
    submission.edit_draft(w.proposer, proposal.id, DraftInput("关于加强中小学课后服务的建议", SCHOOL, w.session.id),
                          NOW, proposal.version)
    db.session.refresh(row)
    assert "课后服务" in row.terms and "停车难" not in row.terms and row.stamp > first


def test_similar_finds_the_same_matter_and_not_another(w):
    parking = w.proposal("filed", title="关于缓解城区停车难的建议", body=PARKING)
    w.proposal("filed", title="关于加强中小学课后服务的建议", body=SCHOOL)
    found = similar.for_text(w.proposer2, "关于解决老旧小区停车难的提案", "老旧小区停车位严重不足，建议建设立体停车场，推广共享停车。",
                             "cppcc")
    assert [item.proposal.id for item in found] == [parking.id]
    assert found[0].score > 0.3 and "停车场" in found[0].words or "停车难" in found[0].words
    assert found[0].visible is False  # another member's proposal: listed, not opened


def test_similar_never_lists_other_peoples_drafts_or_the_other_channel(w):
    w.draft(title="关于缓解城区停车难的建议", body=PARKING)  # proposer's draft
    w.proposal("filed", author=w.deputy, title="关于缓解城区停车难的建议", body=PARKING)  # NPC
    assert similar.for_text(w.proposer2, "关于缓解城区停车难的建议", PARKING, "cppcc") == []
    mine = similar.for_text(w.proposer, "关于缓解城区停车难的建议", PARKING, "cppcc")
    assert len(mine) == 1 and mine[0].visible  # one's own draft is one's own


def test_duplicates_at_review_mark_the_shared_passages(w):
    first = w.proposal("filed", title="关于缓解城区停车难的建议", body=PARKING)
    second = w.proposal("under_review", author=w.proposer2, title="关于缓解城区停车难问题的提案", body=PARKING + "另外加强执法。")
    found = similar.duplicates(w.office, second)
    assert [item.proposal.id for item in found] == [first.id]
    assert found[0].duplicate and found[0].same_session
    assert "<mark>" in found[0].passages["mine"] and found[0].passages["share"] > 0.9


def test_suggested_bureaus_learn_from_every_assignment(w):
    w.lead.duties = "负责工业经济、中小企业发展和数字经济。"
    w.co.duties = "负责财政预算和财政资金管理。"
    w.other.duties = "负责学前教育、义务教育和学校管理。"
    db.session.commit()
    before = routing.suggest_text("关于缓解城区停车难的建议", PARKING)
    assert all(row.bureau.id != w.other.id for row in before.ranking[:1])
    parking = w.proposal("filed", title="关于缓解城区停车难的建议", body=PARKING)
    assignment.assign(w.office, parking.id, [BureauChoice(w.other.id, "lead"), BureauChoice(w.co.id, "co")], NOW)
    example = db.session.execute(db.select(RoutingExample)).scalar_one()
    assert (example.lead_bureau_id, example.co_ids) == (w.other.id, (w.co.id,))
    after = routing.suggest_text("关于解决老旧小区停车难的提案", "老旧小区停车位不足，建议建设立体停车场，推广共享停车。")
    assert after.lead.bureau.id == w.other.id
    assert "停车场" in after.lead.neighbour_words or "停车难" in after.lead.neighbour_words
    assert after.lead.neighbours[0][0] == "关于缓解城区停车难的建议"
    # the office withdraws it from that bureau: the example is forgotten
    lead = next(a for a in parking.assignments if a.role == "lead")
    assignment.withdraw(w.office, lead.id, "错交", NOW)
    assert db.session.execute(db.select(RoutingExample)).first() is None


def test_the_index_follows_every_committed_change_and_a_cleared_table(w):
    a = w.draft(title="关于缓解城区停车难的建议", body=PARKING)
    assert a.id in text_index.proposals().docs
    db.session.execute(db.delete(ProposalTerms))
    db.session.commit()
    assert a.id not in text_index.proposals().docs
    b = w.draft(title="关于加强中小学课后服务的建议", body=SCHOOL)
    assert set(text_index.proposals().docs) == {b.id}
