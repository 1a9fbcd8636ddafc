"""并案 names its target as people write a number (issue 9 §9)."""
import pytest

from workflow.domain.numbering import NumberQuery, parse_number_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", NumberQuery("7", 7, "")),
        ("第7号", NumberQuery("第7号", 7, "")),
        ("第７号", NumberQuery("第7号", 7, "")),  # full-width digits
        (" 第 7 号 ", NumberQuery("第7号", 7, "")),
        ("７", NumberQuery("7", 7, "")),
        ("义12号", NumberQuery("义12号", 12, "义")),
        ("义12", NumberQuery("义12", 12, "义")),
        ("第170号", NumberQuery("第170号", 170, "")),
    ],
)
def test_numbers_as_written(text, expected):
    assert parse_number_query(text) == expected


@pytest.mark.parametrize("text", ["", None, "第号", "关于停车", "7号之一"])
def test_text_without_a_number_names_nothing(text):
    assert parse_number_query(text) is None
