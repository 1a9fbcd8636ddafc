"""Highlighting escapes first, then marks (issue 5)."""
from __future__ import annotations

from workflow.domain.highlight import excerpt, highlight, masked_lines, matches
from workflow.domain.masking import MaskingRules, find_spans


def test_matches_merge_and_ignore_case() -> None:
    assert matches("小微企业融资难，企业融资贵", ["融资"]) == [(4, 6), (10, 12)]
    assert matches("abcABC", ["bc"]) == [(1, 3), (4, 6)]
    assert matches("小微企业", ["小微", "微企业"]) == [(0, 4)]  # overlapping terms: one mark
    assert matches("text", []) == []


def test_highlight_escapes_the_text_and_the_match() -> None:
    assert highlight("小微企业<融资>", ["融资"]) == "小微企业&lt;<mark>融资</mark>&gt;"
    assert highlight("<b>x</b>", ["<b>"]) == "<mark>&lt;b&gt;</mark>x&lt;/b&gt;"
    assert highlight('a "q" & b', ['"q"']) == "a <mark>&quot;q&quot;</mark> &amp; b"


def test_excerpt_is_around_the_first_match() -> None:
    text = "甲" * 300 + "融资担保" + "乙" * 300
    cut = excerpt(text, ["融资担保"], width=60)
    assert "<mark>融资担保</mark>" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut.replace("<mark>", "").replace("</mark>", "")) <= 62
    assert excerpt("短文", ["文"]) == "短<mark>文</mark>"
    assert excerpt("丙" * 200, ["无"], width=50).endswith("…")


def test_the_masked_preview_marks_each_span_with_what_it_hides() -> None:
    document = "杨文艳委员：\n手机13858012345。<b>"
    spans = find_spans(document, MaskingRules(person_names=("杨文艳",)))
    lines = masked_lines(document, spans)
    assert lines[0] == '<mark class="masked masked-person" data-kind="person" title="杨文艳">杨**</mark>委员：'
    assert 'data-kind="mobile" title="13858012345">138****2345</mark>' in lines[1]
    assert lines[1].endswith("。&lt;b&gt;")
