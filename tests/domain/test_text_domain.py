"""Tables for the text features' pure logic (issue 11): segmentation, the term index, numbered
suggestions, coverage of a reply, shared passages, the pre-check rules, bureau ranking."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from workflow.domain import coverage, passages, precheck, routing, suggestions, text_terms
from workflow.domain.precheck import DEFAULTS, Rule
from workflow.domain.term_index import TermIndex

SAMPLES = Path(__file__).resolve().parents[2] / "workflow" / "demo" / "samples"
ZHENHAI = (SAMPLES / "cppcc-proposal-and-reply-zhenhai.txt").read_text(encoding="utf-8")
PROPOSAL, REPLY = ZHENHAI.split("第2号提案的答复")
REASONS = ["司法机关正在审理的案件或者属于诉讼、仲裁等法定程序处理范围的", "属于个人或者亲属的人事安排等个人和家庭事务的",
           "宣传、推介具体产品、企业或者个人的", "涉及国家秘密的", "不属于本级政府及其部门职权范围的"]


@pytest.mark.parametrize("text, expected", [
    ("关于扶持小微企业成长升级的建议", ["扶持", "企业", "小微企业", "成长", "升级"]),
    ("进一步加强我市停车管理工作", ["停车", "管理", "理工", "管理工作"]),
    ("推进APP适老化改造，2024年完成", ["app", "老化", "适老化", "改造"]),
    ("负责学前教育", ["学前", "教育", "学前教育"]),
    ("，。！", []),
])
def test_terms_drop_punctuation_numbers_and_stopwords_and_keep_the_words_inside_long_ones(text, expected):
    assert text_terms.terms(text) == expected


def test_title_words_weigh_more_and_counts_round_trip():
    counts = text_terms.document_terms("关于停车难的建议", "停车位不足。")
    assert counts["停车难"] == text_terms.TITLE_WEIGHT and counts["停车位"] == 1
    assert text_terms.unpack(text_terms.pack(counts)) == dict(counts)


def test_term_index_ranks_by_cosine_and_explains():
    index = TermIndex()
    index.add(1, Counter(停车=3, 立体=1, 老旧小区=2))
    index.add(2, Counter(学校=2, 课后服务=3))
    index.add(3, Counter(停车=1, 学校=1))
    found = index.search(Counter(停车=2, 老旧小区=1))
    assert [m.doc_id for m in found] == [1, 3]
    assert 0 < found[1].score < found[0].score <= 1
    assert found[0].shared[0] in ("停车", "老旧小区")
    assert index.search(Counter(停车=1), accept=lambda d, _doc: d != 1)[0].doc_id == 3
    index.remove(1)
    assert [m.doc_id for m in index.search(Counter(停车=2))] == [3]
    assert "老旧小区" not in index.postings


def test_identical_texts_score_one():
    index = TermIndex()
    index.add(1, Counter(停车=3, 立体=1))
    index.add(2, Counter(学校=1))
    assert index.search(Counter(停车=3, 立体=1))[0].score == pytest.approx(1.0)


@pytest.mark.parametrize("text, markers", [
    (PROPOSAL, ["1.", "2.", "3．", "4．", "5．"]),
    ("现状。\n三、对策建议\n（一）加强宣传。\n（二）完善机制。\n（三）加大投入。", ["（一）", "（二）", "（三）"]),
    ("一、问题\n情况说明。\n二、建议\n1、建设停车场。\n2、共享车位。", ["1、", "2、"]),
    ("为此建议：一是加强宣传；二是完善政策；三是加大投入。", ["一是", "二是", "三是"]),
    ("①建设。\n②管理。", ["①", "②"]),
    ("2012年4月底，国务院出台意见。\n建议加强管理。", []),
    ("只有一点：1. 加强管理。", []),
])
def test_numbered_suggestions_are_found(text, markers):
    assert [s.marker for s in suggestions.extract(text)] == markers


def test_suggestion_headings_are_their_first_sentence():
    found = suggestions.extract(PROPOSAL)
    assert [s.heading for s in found] == ["设立专门的服务与管理机构", "实行分级服务与管理", "加大培训力度",
                                          "加强联系与沟通", "建立商业信息中心"]


@pytest.mark.parametrize("dropped", ["", "一、", "二、", "三、", "四、", "五、"])
def test_the_zhenhai_reply_answers_each_point_and_a_dropped_one_is_flagged(dropped):
    found = suggestions.extract(PROPOSAL)
    paragraphs = [p for p in suggestions.paragraphs(REPLY) if not (dropped and p.startswith(dropped))]
    points = coverage.cover(found, paragraphs, text_terms.terms)
    unanswered = [p.suggestion.number for p in points if not p.answered]
    assert unanswered == ([] if not dropped else ["一二三四五".index(dropped[0]) + 1])
    assert all(p.section is not None and p.section.text.startswith(dropped or "一二三四五"[p.suggestion.number - 1])
               for p in points if p.answered) or dropped


def test_sections_leave_out_the_salutation_and_acknowledgement():
    parts = coverage.sections(["戴培红委员：", "您提出的建议收悉，现答复如下：", "一、关于“培训”。内容。", "补充。", "二、关于“沟通”。"])
    assert [s.text for s in parts] == ["一、关于“培训”。内容。\n补充。", "二、关于“沟通”。"]


def test_shared_passages_ignore_punctuation_and_mark_both_texts():
    a = "城区停车难问题突出，建议建设立体停车场。其他内容。"
    b = "我们看到：城区停车难问题突出；建议建设立体停车场！"
    in_a, in_b = passages.shared(a, b)
    assert a[in_a[0][0]:in_a[0][1]].startswith("城区停车难") and len(in_b) == 1
    assert passages.marked("<b>", [(0, 1)]) == "<mark>&lt;</mark>b&gt;"
    assert passages.shared("短", "短") == ([], [])


@pytest.mark.parametrize("title, body, expected", [
    ("关于缓解停车难的建议", "停车" * 200 + "为此建议：\n1. 建设。\n2. 共享。", []),
    ("停车难", "停车" * 200 + "建议：\n1. 建设。\n2. 共享。", [Rule.TITLE_FORM]),
    ("关于停车的提案", "太短。建议：\n1. 建设。\n2. 共享。", [Rule.TOO_SHORT]),
    ("关于停车的提案", "停车" * 200, [Rule.NO_SUGGESTIONS]),
    ("关于停车的提案", "停车" * 200 + "建议：\n1. 请致电13812345678。\n2. 共享。", [Rule.PERSONAL_DATA]),
    ("关于停车的提案", "停车" * 200 + "本人子女入学。建议：\n1. 建设。\n2. 共享。", [Rule.OUTSIDE_REMIT]),
])
def test_precheck_rules(title, body, expected):
    assert [f.rule for f in precheck.check(title, body, dict(DEFAULTS), REASONS)] == expected


@pytest.mark.parametrize("text, kind", [
    ("此案法院正在审理，请求政府干预", "litigation"),
    ("希望解决本人的职称问题", "personal"),
    ("建议各单位采购我公司的产品", "promotion"),
    ("涉及国家秘密的项目", "secret"),
    ("建议国务院修改相关法律", "central"),
])
def test_outside_remit_names_the_offices_reason(text, kind):
    found = precheck.check("关于某事的建议", text, {Rule.OUTSIDE_REMIT: None}, REASONS)
    assert found[0].detail["matters"][0]["kind"] == kind
    assert found[0].detail["matters"][0]["reason"] in REASONS


def test_a_kind_the_offices_list_does_not_name_is_not_reported():
    assert precheck.check("关于某事的建议", "建议采购我公司的产品", {Rule.OUTSIDE_REMIT: None}, ["涉及国家秘密的"]) == []


def test_switched_off_rules_find_nothing():
    assert precheck.check("短", "", {}, REASONS) == []
    assert [f.rule for f in precheck.check("短", "", {Rule.TOO_SHORT: 10}, REASONS)] == [Rule.TOO_SHORT]


def _index(docs: dict[int, str]) -> TermIndex:
    index = TermIndex()
    for doc_id, text in docs.items():
        index.add(doc_id, text_terms.document_terms(text))
    return index


def test_ranking_uses_duties_alone_without_history_and_neighbours_with_it():
    duties = _index({1: "负责学前教育、义务教育、学校布局", 2: "负责城市道路、停车场建设和交通管理", 3: "负责财政预算"})
    empty = TermIndex()
    cold = routing.rank(text_terms.document_terms("关于增加学校停车场的建议"), duties, empty, {})
    assert {cold.ranking[0].bureau_id, cold.ranking[1].bureau_id} == {1, 2}
    assert cold.lead.votes_score == 0 and cold.lead.duty_words
    examples = _index({10: "关于增加学校周边停车场的建议", 11: "关于财政资金绩效的建议"})
    labels = {10: routing.Example(2, (1,), "关于增加学校周边停车场的建议"), 11: routing.Example(3)}
    warm = routing.rank(text_terms.document_terms("关于增加学校停车场的建议"), duties, examples, labels)
    assert warm.lead.bureau_id == 2 and warm.lead.neighbours[0][0] == 10
    assert [r.bureau_id for r in warm.co] == [1] and 0 < warm.lead.score <= 1
    inactive = routing.rank(text_terms.document_terms("关于增加学校停车场的建议"), duties, examples, labels,
                            bureau_ids={1, 3})
    assert inactive.lead.bureau_id == 1
