"""Issue 3's pure rules: document numbers, feedback outcomes, categories, rich text, comparison,
file types, the pre-filled texts and the extension ceiling."""
from datetime import date

import pytest

from tests.handling_support import DOCX, JPEG, PDF, PNG, XLSX, office_package
from workflow.domain import compare, docnumber, feedback, filetypes, reply_text, resolution, richtext
from workflow.domain.calendar import CalendarEntry, WorkCalendar
from workflow.domain.contact import date_problem
from workflow.domain.deadlines import Period
from workflow.domain.extension import ceiling, check_new_due
from workflow.domain.feedback import Outcome, Rating, Verdict
from workflow.domain.lifecycle import CloseReason

# -- document numbers (SPEC 5) --------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "year", "n", "expected"), [
    ("金经信办建", 2023, 31, "金经信办建〔2023〕31号"),
    ("慈经信提", 2020, 1, "慈经信提〔2020〕1号"),
    (" 金财提 ", 2026, 120, "金财提〔2026〕120号"),
])
def test_document_number_format(prefix, year, n, expected):
    assert docnumber.format_doc_number(prefix, year, n) == expected


@pytest.mark.parametrize(("prefix", "n"), [("", 1), ("  ", 3), ("金财提", 0)])
def test_document_number_needs_a_prefix_and_a_positive_number(prefix, n):
    with pytest.raises(ValueError):
        docnumber.format_doc_number(prefix, 2026, n)


def test_document_numbers_count_per_bureau_prefix_and_year():
    scopes = {
        docnumber.counter_scope(1, "金经信办建", 2026), docnumber.counter_scope(1, "金经信办提", 2026),
        docnumber.counter_scope(2, "金经信办建", 2026), docnumber.counter_scope(1, "金经信办建", 2027),
    }
    assert len(scopes) == 4


# -- feedback (SPEC 3.4, 3.1) ---------------------------------------------------------------

LEAD, COSIGNER = 1, 2


@pytest.mark.parametrize(("ratings", "outcome"), [
    ({}, None),
    ({COSIGNER: Rating.UNSATISFIED}, None),  # a co-signer's rating is reported, never decides
    ({LEAD: Rating.SATISFIED, COSIGNER: Rating.UNSATISFIED}, Outcome.SATISFIED),
    ({LEAD: Rating.UNSATISFIED, COSIGNER: Rating.SATISFIED}, Outcome.UNSATISFIED),
    ({LEAD: "basically_satisfied"}, Outcome.BASICALLY_SATISFIED),
])
def test_the_lead_proposers_rating_decides(ratings, outcome):
    assert feedback.deciding(ratings, LEAD) == outcome


@pytest.mark.parametrize(("outcomes", "verdict"), [
    ([], Verdict.WAIT),
    ([None], Verdict.WAIT),
    ([Outcome.SATISFIED], Verdict.CLOSE),
    ([Outcome.BASICALLY_SATISFIED, Outcome.NO_FEEDBACK], Verdict.CLOSE),
    ([Outcome.SATISFIED, None], Verdict.WAIT),  # a separate bureau's reply still waits
    ([Outcome.UNSATISFIED, None], Verdict.OFFICE),  # the office may decide on that one already
    ([Outcome.SATISFIED, Outcome.UNSATISFIED], Verdict.OFFICE),
])
def test_what_the_outcomes_mean_for_the_item(outcomes, verdict):
    assert feedback.verdict(outcomes) == verdict


def test_why_an_item_closes():
    assert feedback.close_reason([Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED]) == CloseReason.SATISFIED
    assert feedback.close_reason([Outcome.SATISFIED, Outcome.NO_FEEDBACK]) == CloseReason.NO_FEEDBACK


# -- resolution categories (SPEC 3.3) -------------------------------------------------------

def test_default_categories_are_a_b_c_with_b_followed_up():
    assert [(c.code, c.follow_up) for c in resolution.DEFAULT_CATEGORIES] == [("A", False), ("B", True), ("C", False)]
    assert resolution.parse_lines(resolution.to_lines(resolution.DEFAULT_CATEGORIES)) == resolution.DEFAULT_CATEGORIES


def test_a_locality_may_use_its_own_set():
    parsed = resolution.parse_lines("甲 | 已解决\n\n乙 | 正在解决 | follow-up\n丙|留作参考\n丁 | 不予采纳")
    assert [c.code for c in parsed] == ["甲", "乙", "丙", "丁"]
    assert [c.code for c in parsed if c.follow_up] == ["乙"]
    assert resolution.from_setting(resolution.to_setting(parsed)) == parsed


@pytest.mark.parametrize(("text", "code", "line"), [
    ("", "empty", None), ("A | x\nB", "format", 2), ("A | x | maybe", "format", 1), ("A | x\nA | y", "duplicate", 2),
    ("ABCDEFGHIJ | x", "too_long", 1), ("| x", "format", 1),
])
def test_bad_category_lists_are_refused_with_the_line(text, code, line):
    with pytest.raises(resolution.CategoryError) as caught:
        resolution.parse_lines(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_an_unreadable_setting_falls_back_to_the_default():
    assert resolution.from_setting(None) == resolution.DEFAULT_CATEGORIES
    assert resolution.from_setting([{"label": "x"}]) == resolution.DEFAULT_CATEGORIES


# -- rich text (SPEC 7: sanitized on the server) ----------------------------------------------

@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p onclick='x()'>一、<b>加强</b></p>", "<p>一、<b>加强</b></p>"),
    ("<script>alert(1)</script><p>正文</p>", "<p>正文</p>"),
    ("<img src=x onerror=alert(1)><p>a</p>", "<p>a</p>"),
    ("<a href='javascript:alert(1)'>链接</a>", "<p>链接</p>"),
    ("<p style='color:red'>a</p><iframe src='//evil'></iframe>", "<p>a</p>"),
    ("<svg onload=alert(1)>", ""),
    ("第一段\n\n第二段 a<b", "<p>第一段</p><p>第二段 a&lt;b</p>"),
    ("<ol><li>甲</li><li>乙</li></ol>", "<ol><li>甲</li><li>乙</li></ol>"),
])
def test_the_body_is_sanitized(dirty, clean):
    assert richtext.sanitize(dirty) == clean
    assert richtext.sanitize(richtext.sanitize(dirty)) == clean  # idempotent


def test_the_body_reads_as_paragraphs_for_the_letter():
    html = "<p>您提出的建议收悉。</p><div>一、关于<strong>融资</strong></div><ol><li>设立资金池</li><li>扩大担保</li></ol><p>a<br>b</p><p> </p>"
    assert richtext.paragraphs(html) == ["您提出的建议收悉。", "一、关于融资", "1. 设立资金池", "2. 扩大担保", "a", "b"]
    assert richtext.is_blank("<p> </p><br>") and not richtext.is_blank("<p>x</p>")


# -- comparison of versions -------------------------------------------------------------------

def test_versions_side_by_side():
    rows = compare.side_by_side(["甲段", "乙段不变", "丙段旧文"], ["乙段不变", "丙段新文", "丁段"])
    assert [r.kind for r in rows] == ["removed", "same", "changed", "added"]
    changed = rows[2]
    assert [(s.text, s.changed) for s in changed.left] == [("丙段", False), ("旧", True), ("文", False)]
    assert [(s.text, s.changed) for s in changed.right] == [("丙段", False), ("新", True), ("文", False)]
    assert compare.side_by_side(["同"], ["同"])[0].kind == "same"


# -- file types by their bytes (SPEC 7) ---------------------------------------------------------

@pytest.mark.parametrize(("data", "key"), [
    (PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (DOCX, "docx"), (XLSX, "xlsx"),
    (b"MZ\x90\x00 an executable", None), (b"<html><script>", None), (b"", None),
    (office_package("content.xml"), None),  # a zip, but no Office package
    (b"PK\x03\x04 truncated", None),
])
def test_file_types_come_from_the_bytes(data, key):
    found = filetypes.detect(data)
    assert (found.key if found else None) == key


@pytest.mark.parametrize(("name", "key", "shown"), [
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("C:\\Users\\x\\答复.DOCX", "docx", "答复.docx"),
    ("evil.pdf.exe", "pdf", "evil.pdf.pdf"),
    ("", "png", "attachment.png"),
    ("a\x00b<>.pdf", "pdf", "ab.pdf"),
])
def test_the_client_name_is_only_a_label(name, key, shown):
    assert filetypes.display_name(name, filetypes.TYPES[key]) == shown


# -- pre-filled texts ---------------------------------------------------------------------------

def test_titles_from_the_channel_templates():
    npc = reply_text.default_title(reply_text.DEFAULT_TITLE_TEMPLATES["npc"], "金华市八届人大三次会议", "义12号", "x")
    assert npc == "关于对金华市八届人大三次会议义12号建议答复的函"
    cppcc = reply_text.default_title(reply_text.DEFAULT_TITLE_TEMPLATES["cppcc"], "慈溪市政协十一届四次会议", "第170号", "x")
    assert cppcc == "关于对慈溪市政协十一届四次会议第170号提案答复的函"
    assert reply_text.default_title("{oops}", "s", "n", "t") == ""


@pytest.mark.parametrize("template", ["{session}{number}", "关于《{title}》的答复", "固定标题"])
def test_valid_title_templates(template):
    reply_text.validate_title_template(template)


@pytest.mark.parametrize("template", ["", "{n}", "{session", "{0}"])
def test_invalid_title_templates(template):
    with pytest.raises(reply_text.TemplateError):
        reply_text.validate_title_template(template)


@pytest.mark.parametrize(("channel", "names", "collective", "expected"), [
    ("npc", ["何明"], None, "何明代表："),
    ("cppcc", ["杨文艳"], None, "杨文艳委员："),
    ("cppcc", ["杨文艳", "戴培红"], None, "杨文艳、戴培红委员："),
    ("cppcc", ["杨文艳"], "民建金华市委会", "民建金华市委会："),
    ("cppcc", [], None, ""),
])
def test_salutations_from_the_proposers(channel, names, collective, expected):
    assert reply_text.salutation(channel, names, collective) == expected


def test_contact_line():
    assert reply_text.contact_line("邵军", "0579-82468101") == "联系人：邵军，联系电话：0579-82468101"
    assert reply_text.contact_line(None, " ") is None


# -- extensions (SPEC 3.3, 4: up to 6 months in total) ------------------------------------------

CAL = WorkCalendar.from_entries([CalendarEntry(date(2026, 10, 1), "holiday")], [2026])


def test_the_ceiling_is_six_months_from_the_start_on_the_calendar():
    assert ceiling(date(2026, 4, 1), Period.parse("6m"), CAL) == date(2026, 10, 2)  # 10-01 is a holiday
    assert ceiling(date(2026, 3, 10), Period.parse("6m"), CAL) == date(2026, 9, 10)


@pytest.mark.parametrize(("wanted", "problem"), [
    (date(2026, 6, 10), "not_later"), (date(2026, 6, 9), "not_later"), (date(2026, 6, 11), None),
    (date(2026, 9, 10), None), (date(2026, 9, 11), "past_ceiling"),
])
def test_an_extension_moves_the_due_date_later_up_to_the_ceiling(wanted, problem):
    found = check_new_due(date(2026, 6, 10), wanted, date(2026, 9, 10))
    assert (found.code if found else None) == problem


@pytest.mark.parametrize(("day", "problem"), [
    (date(2026, 3, 10), None), (date(2026, 3, 12), None), (date(2026, 3, 13), "future"),
    (date(2026, 3, 9), "before_assignment"),
])
def test_a_contact_lies_between_the_assignment_and_today(day, problem):
    assert date_problem(day, date(2026, 3, 10), date(2026, 3, 12)) == problem
