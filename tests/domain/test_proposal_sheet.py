"""The rules of a sheet of proposals typed in from paper (domain/proposal_sheet.py), a case each,
and properties over any sheet: a row either has problems or becomes an item, never both."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.domain import proposal_sheet as ps
from workflow.domain import sheet
from workflow.domain.numbering import parse_number
from workflow.domain.proposal_sheet import COLUMNS, Directory, Person, SessionInfo
from workflow.domain.sheet import RowCheck

CPPCC = SessionInfo(1, "cppcc", "第{n}号", True)
NPC = SessionInfo(2, "npc", "{delegation}{n}号", True)
OLD = SessionInfo(3, "cppcc", "第{n}号", False)
YANG = Person(10, "cppcc", "经济界")
DAI = Person(11, "cppcc")
HE = Person(20, "npc", "义乌代表团", "义")
TWIN_A, TWIN_B = Person(12, "cppcc"), Person(13, "cppcc")


def directory(**changes) -> Directory:
    d = Directory(
        sessions={"政协会议": CPPCC, "人大会议": NPC, "往届会议": OLD},
        usernames={"yang": YANG, "dai": DAI, "he": HE, "wang1": TWIN_A, "wang2": TWIN_B},
        names={"杨文艳": [YANG], "戴培红": [DAI], "何明": [HE], "王芳": [TWIN_A, TWIN_B]},
        categories={("cppcc", "经济"): 5, ("npc", "城建"): 6},
        titles={(1, "已有的标题")},
        numbers={(1, "第7号"), (2, "义3号")},
        channel_words={"cppcc": "cppcc", "npc": "npc", "提案": "cppcc", "建议": "npc"},
    )
    for name, value in changes.items():
        setattr(d, name, value)
    return d


def row(line: int = 2, **values) -> RowCheck:
    base = {"session": "政协会议", "channel": "", "number": "", "title": "关于加强社区养老服务的提案",
            "proposer": "杨文艳", "cosigners": "", "collective": "", "category": "", "body": "建议……"}
    base.update(values)
    return RowCheck(line, base)


def problems(*rows: RowCheck, d: Directory | None = None) -> list[list[tuple[str | None, str]]]:
    ps.check_rows(list(rows), d or directory())
    return [[(p.column, p.template) for p in r.problems] for r in rows]


def test_a_good_row_becomes_a_submitted_item():
    r = row(cosigners="戴培红、dai")
    assert problems(r) == [[]]
    assert r.parsed == ps.ProposalRow(2, 1, "cppcc", "关于加强社区养老服务的提案", "建议……", 10, "经济界", None,
                                      (11,), None, None, None, None)


@pytest.mark.parametrize("values, expected", [
    ({"session": ""}, [("session", sheet.REQUIRED)]),
    ({"title": ""}, [("title", sheet.REQUIRED)]),
    ({"body": ""}, [("body", sheet.REQUIRED)]),
    ({"proposer": ""}, [("proposer", sheet.REQUIRED)]),
    ({"title": "长" * 201}, [("title", sheet.TOO_LONG)]),
    ({"session": "不存在"}, [("session", ps.UNKNOWN_SESSION)]),
    ({"session": "往届会议"}, [("session", ps.CLOSED_SESSION)]),
    ({"channel": "信访"}, [("channel", ps.BAD_CHANNEL)]),
    ({"channel": "建议"}, [("channel", ps.WRONG_CHANNEL)]),
    ({"proposer": "无名氏"}, [("proposer", ps.UNKNOWN_PERSON)]),
    ({"proposer": "何明"}, [("proposer", ps.UNKNOWN_PERSON)]),  # a deputy, in a CPPCC session
    ({"proposer": "王芳"}, [("proposer", ps.AMBIGUOUS_PERSON)]),
    ({"cosigners": "戴培红、查无此人"}, [("cosigners", ps.UNKNOWN_PERSON)]),
    ({"cosigners": "杨文艳"}, [("cosigners", ps.SELF_COSIGNER)]),
    ({"cosigners": "戴培红", "collective": "民盟市委"}, [("collective", ps.COSIGNERS_AND_COLLECTIVE)]),
    ({"title": "已有的标题"}, [("title", ps.DUPLICATE_TITLE)]),
    ({"number": "第7号", "category": "经济"}, [("number", ps.NUMBER_TAKEN)]),
    ({"number": "7", "category": "经济"}, [("number", ps.NUMBER_TAKEN)]),  # the bare figure is the same number
    ({"number": "七号", "category": "经济"}, [("number", ps.BAD_NUMBER)]),
    ({"number": "第8号"}, [("category", ps.NUMBER_NEEDS_CATEGORY)]),
    ({"number": "第8号", "category": "城建"}, [("category", ps.UNKNOWN_CATEGORY)]),
])
def test_each_problem_is_found(values, expected):
    assert problems(row(**values)) == [expected]


def test_every_problem_of_a_row_is_listed_not_only_the_first():
    found = problems(row(title="", body="", proposer="无名氏", cosigners="查无此人"))[0]
    assert [c for c, _t in found] == ["title", "body", "proposer", "cosigners"]


def test_a_deputy_numbers_with_the_delegation_prefix():
    good = row(session="人大会议", proposer="何明", number="义12号", category="城建", title="关于修路的建议")
    taken = row(3, session="人大会议", proposer="he", number="3", category="城建", title="关于另一条路的建议")
    other = row(4, session="人大会议", proposer="何明", number="东4号", category="城建", title="关于第三条路的建议")
    assert problems(good, taken, other) == [[], [("number", ps.NUMBER_TAKEN)], [("number", ps.BAD_NUMBER)]]
    assert (good.parsed.number, good.parsed.number_seq, good.parsed.category_id) == ("义12号", 12, 6)


def test_rows_are_checked_against_the_rows_above_them():
    first = row(2, number="第8号", category="经济")
    same_title = row(3)
    same_number = row(4, number="8", category="经济", title="另一个标题")
    found = problems(first, same_title, same_number)
    assert found == [[], [("title", ps.DUPLICATE_TITLE_IN_SHEET)], [("number", ps.NUMBER_TWICE)]]
    assert same_title.problems[0].params == {"line": 2}


def test_the_same_title_in_another_session_is_no_duplicate():
    assert problems(row(), row(3, session="人大会议", proposer="何明")) == [[], []]


@pytest.mark.parametrize("fmt, text, prefix, n", [
    ("第{n}号", "第170号", None, 170), ("第{n}号", "170", None, 170), ("第{n}号", "第0170号", None, 170),
    ("第{n}号", "170号", None, None), ("第{n}号", "第号", None, None), ("第{n}号", "0", None, None),
    ("{delegation}{n}号", "义12号", "义", 12), ("{delegation}{n}号", "东12号", "义", None),
    ("{delegation}{n}号", "12", "义", 12), ("第{n}号", "第１２号", None, None),
])
def test_numbers_written_on_paper(fmt, text, prefix, n):
    assert parse_number(fmt, text, prefix) == n


def test_the_header_answers_to_either_language_and_lists_what_is_missing():
    aliases = {sheet.header_key(w): k for k, w in [("title", "标题"), ("title", "Title"), ("session", "会次"),
                                                    ("body", "正文"), ("proposer", "提出人")]}
    found, missing = sheet.read_header(["标题（*）", " 会 次 ", "备注", "TITLE"], COLUMNS, aliases)
    assert found == {0: "title", 1: "session"}
    assert [(p.column, p.template) for p in missing] == [
        ("title", sheet.REPEATED_COLUMN), ("proposer", sheet.MISSING_COLUMN), ("body", sheet.MISSING_COLUMN)]


def test_blank_rows_are_left_out_and_lines_still_count():
    rows = sheet.data_rows([["a", "b"], ["", " "], ["c\x00", ""]], {0: "title", 1: "body"})
    assert [(r.line, r.values) for r in rows] == [(2, {"title": "a", "body": "b"}), (4, {"title": "c", "body": ""})]


cell = st.one_of(st.just(""), st.sampled_from(["政协会议", "人大会议", "往届会议", "杨文艳", "戴培红", "何明", "王芳",
                                               "yang", "第7号", "8", "义3号", "经济", "城建", "提案", "建议"]),
                 st.text(max_size=8))
rows_strategy = st.lists(st.fixed_dictionaries({c.key: cell for c in COLUMNS}), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(rows_strategy)
def test_any_sheet_each_row_has_problems_or_becomes_one_item(values):
    rows = [RowCheck(line, dict(v)) for line, v in enumerate(values, start=2)]
    ps.check_rows(rows, directory())
    good = [r.parsed for r in rows if r.ok]
    assert all((r.parsed is None) == (not r.ok) for r in rows)
    assert all(p.template for r in rows for p in r.problems)
    # What passes never repeats a title or a number in its session, nor takes one already there.
    assert len({(p.session_id, p.title) for p in good}) == len(good)
    numbers = [(p.session_id, p.number) for p in good if p.number]
    assert len(set(numbers)) == len(numbers) and not set(numbers) & directory().numbers
    assert all(p.title and p.body and (p.number is None or p.category_id) for p in good)
