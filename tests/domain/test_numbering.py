import pytest

from workflow.domain.numbering import NumberFormatError, counter_scope, format_number, validate_format


@pytest.mark.parametrize(
    ("fmt", "n", "delegation", "expected"),
    [("第{n}号", 170, None, "第170号"), ("{delegation}{n}号", 12, "义", "义12号"), ("{n}", 3, None, "3")],
)
def test_format(fmt, n, delegation, expected):
    validate_format(fmt)
    assert format_number(fmt, n, delegation) == expected


@pytest.mark.parametrize("fmt", ["第号", "{n}{n}", "{x}{n}", "{n", "{delegation}"])
def test_bad_formats(fmt):
    with pytest.raises(NumberFormatError):
        validate_format(fmt)


def test_delegations_number_on_their_own():
    assert counter_scope(1, "npc", "{delegation}{n}号", "义") != counter_scope(1, "npc", "{delegation}{n}号", "东")
    assert counter_scope(1, "cppcc", "第{n}号", "义") == counter_scope(1, "cppcc", "第{n}号", "东")
    assert counter_scope(1, "cppcc", "第{n}号", None) != counter_scope(2, "cppcc", "第{n}号", None)
