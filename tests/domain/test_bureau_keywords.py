"""A bureau's keywords (分办关键词) in suggested bureaus (issue 11): how an administrator's text is
read, how keywords are found in an item's text, and the rule they keep in the ranking: a bureau
whose keyword names the item's matter never ranks lower for it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.domain import bureau_keywords, routing, text_terms
from workflow.domain.bureau_keywords import KeywordMatcher
from workflow.domain.term_index import TermIndex


def test_parse_reads_any_separator_once_each_in_order():
    assert bureau_keywords.parse(" 公交、站台，客运 公交\n殡仪馆;APP ") == ["公交", "站台", "客运", "殡仪馆", "app"]
    assert bureau_keywords.parse(None) == [] and bureau_keywords.parse(" 、 ") == []


def test_a_keyword_is_found_inside_a_local_compound_that_segmentation_cuts():
    matcher = KeywordMatcher.of({1: ["广场", "殡仪馆"], 2: ["鱼"]})
    hits = matcher.match("关于搬迁百善殡仪馆的建议")
    assert set(hits) == {1} and hits[1].words == ["殡仪馆"]
    assert matcher.match("关于建设稻花鱼节广场的建议")[1].words == ["广场"]  # jieba: 稻花, 鱼, 节, 广场


def test_the_more_specific_keyword_speaks_and_a_shared_one_is_split():
    matcher = KeywordMatcher.of({1: ["公交"], 2: ["公交站台"], 3: ["停车"], 4: ["停车"]})
    hits = matcher.match("关于改善公交站台附属设施和乱停车的提案")
    assert 1 not in hits and hits[2].words == ["公交站台"]
    assert hits[3].score == hits[4].score == bureau_keywords.TITLE_WEIGHT / 2


def test_an_occurrence_inside_a_longer_keyword_does_not_count_but_another_one_does():
    matcher = KeywordMatcher.of({1: ["公交"], 2: ["公交站台"]})
    assert matcher.found("公交站台改造") == ["公交站台"]
    assert matcher.found("公交站台改造和公交线路优化") == ["公交站台", "公交"]


def test_a_long_body_naming_many_matters_does_not_outweigh_the_title():
    matcher = KeywordMatcher.of({1: ["加装电梯"], 2: ["中小企业", "融资担保", "首贷", "贴息"]})
    body = "中小企业融资难，首贷难，建议完善融资担保和贴息。" * 20 + "另：老旧小区加装电梯。"
    hits = matcher.match("关于加快加装电梯的建议", body)
    assert hits[1].score == bureau_keywords.TITLE_WEIGHT and hits[2].score == bureau_keywords.BODY_WEIGHT
    mute = matcher.match("关于支持企业发展的建议", body)  # the body shared by what each bureau found in it
    assert mute[2].score == pytest.approx(4 * mute[1].score)
    assert mute[1].score + mute[2].score == pytest.approx(bureau_keywords.BODY_WEIGHT)


def test_a_keyword_in_the_title_weighs_more_than_one_in_the_body():
    matcher = KeywordMatcher.of({1: ["河堤"], 2: ["水库"]})
    hits = matcher.match("关于加固河堤的建议", "上游水库也需除险加固。")
    assert hits[1].score == bureau_keywords.TITLE_WEIGHT and hits[2].score == 1


def test_keywords_decide_where_the_duties_say_nothing():
    duties = TermIndex()
    duties.add(1, text_terms.document_terms("负责养老服务、社会救助和殡葬管理"))
    duties.add(2, text_terms.document_terms("负责城市道路和公交建设"))
    matcher = KeywordMatcher.of({1: ["殡仪馆", "公墓"], 2: ["公交"]})
    title = "关于搬迁百善殡仪馆"
    result = routing.rank(text_terms.document_terms(title), duties, TermIndex(), {},
                          keyword_hits=matcher.match(title))
    assert result.lead.bureau_id == 1 and result.lead.keyword_words == ["殡仪馆"]
    assert result.lead.duty_words == []


WORDS = ["道路", "公交", "学校", "医院", "河道", "水库", "养老", "停车", "垃圾", "农田", "文物", "资金"]
NEW = ["殡仪馆", "红绿灯", "书屋", "屠宰场"]  # never among WORDS, and no WORDS inside them


@settings(max_examples=150, deadline=None)
@given(
    duties=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), min_size=2, max_size=5),
    keywords=st.lists(st.lists(st.sampled_from(WORDS), max_size=3), min_size=5, max_size=5),
    title_words=st.lists(st.sampled_from(WORDS), max_size=3),
    new=st.sampled_from(NEW),
    pick=st.integers(min_value=0, max_value=4),
    history=st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.integers(0, 4)),
                     max_size=6),
)
def test_a_bureau_given_a_keyword_of_the_title_never_ranks_lower(duties, keywords, title_words, new, pick, history):
    """Whatever the duties, the other keywords and the earlier items: adding to one bureau's
    keywords a word of the title that no bureau lists lowers neither its score nor its place, and
    raises no rival's score."""
    bureau_ids = list(range(len(duties)))
    bureau = pick % len(bureau_ids)
    index = TermIndex()
    for bureau_id, words in enumerate(duties):
        index.add(bureau_id, text_terms.document_terms("、".join(words)))
    examples, labels = TermIndex(), {}
    for n, (words, lead) in enumerate(history):
        examples.add(100 + n, text_terms.document_terms("、".join(words)))
        labels[100 + n] = routing.Example(lead % len(bureau_ids))
    title = f"关于{'、'.join(title_words)}和{new}的建议"
    query = text_terms.document_terms(title)
    before_keywords = {b: keywords[b] for b in bureau_ids}
    after_keywords = {**before_keywords, bureau: before_keywords[bureau] + [new]}

    def ranked(words):
        result = routing.rank(query, index, examples, labels, bureau_ids=set(bureau_ids),
                              keyword_hits=KeywordMatcher.of(words).match(title))
        return [r.bureau_id for r in result.ranking], {r.bureau_id: r.score for r in result.ranking}

    (order_before, before), (order_after, after) = ranked(before_keywords), ranked(after_keywords)
    assert after[bureau] >= before.get(bureau, 0.0) and new in after_hits(after_keywords, title, bureau)
    assert order_after.index(bureau) <= (order_before.index(bureau) if bureau in order_before else len(order_before))
    for rival, score in after.items():
        assert rival == bureau or score <= before[rival]  # rivals only lose by it


def after_hits(keywords, title, bureau):
    return KeywordMatcher.of(keywords).match(title)[bureau].words
