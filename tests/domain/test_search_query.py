"""What a visitor types becomes terms, never syntax (issue 5, bad input)."""
from __future__ import annotations

import pytest

from workflow.domain.search_query import MAX_CHARS, MAX_TERMS, fts5_match, fts5_phrase, like_pattern, parse


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        (None, ()),
        ("", ()),
        ("   \u3000 ", ()),
        ("小微企业", ("小微企业",)),
        (" 小微企业\u3000融资 ", ("小微企业", "融资")),  # the ideographic space separates too
        ("融资 融资 企", ("融资", "企")),  # duplicates dropped, order kept
        ("a\x00b\u200bc", ("a", "b", "c")),  # control and format characters are spaces
        ('"*^():-', ('"*^():-',)),
        ("<script>alert(1)</script>", ("<script>alert(1)</script>",)),
    ],
)
def test_terms(raw, terms) -> None:
    assert parse(raw).terms == terms


def test_long_input_is_cut_not_refused() -> None:
    query = parse("企" * 10_000)
    assert query.terms == ("企" * MAX_CHARS,)
    many = parse(" ".join(f"词{i}" for i in range(50)))
    assert len(many.terms) == MAX_TERMS
    spread = parse(" ".join(["企业" * 30] * 1) + " " + "融资" * 40)
    assert sum(len(t) for t in spread.terms) <= MAX_CHARS


def test_short_and_indexed_terms() -> None:
    query = parse("小微企业 融资 企 ab abc")
    assert query.indexed_terms == ("小微企业", "abc")
    assert query.short_terms == ("融资", "企", "ab")
    assert query.text == "小微企业 融资 企 ab abc"
    assert not parse("  ")


def test_fts5_phrases_quote_everything() -> None:
    assert fts5_phrase("小微企业") == '"小微企业"'
    assert fts5_phrase('a"b') == '"a""b"'
    assert fts5_match(("NEAR(a b)", "x OR y")) == '"NEAR(a b)" AND "x OR y"'


@pytest.mark.parametrize(
    ("term", "pattern"),
    [("融资", "%融资%"), ("100%", "%100\\%%"), ("a_b", "%a\\_b%"), ("c:\\x", "%c:\\\\x%")],
)
def test_like_patterns_escape_wildcards(term, pattern) -> None:
    assert like_pattern(term) == pattern
