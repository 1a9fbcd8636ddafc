"""索引号 (SPEC 3.5): the format, its placeholders, the counter scope."""
from __future__ import annotations

import pytest

from workflow.domain.index_number import (
    DEFAULT_FORMAT,
    IndexFormatError,
    counter_scope,
    format_index_number,
    organization_code,
    validate_format,
)


def test_the_default_format_gives_the_samples_number() -> None:
    # cppcc-reply-published-cixi-2020.txt: 11330282734267548D/2020-99722
    assert format_index_number(DEFAULT_FORMAT, "11330282734267548D", 2020, 99722) == "11330282734267548D/2020-99722"
    assert format_index_number(DEFAULT_FORMAT, "1133070000259288XD", 2023, 4654) == "1133070000259288XD/2023-04654"
    assert format_index_number(DEFAULT_FORMAT, " 1133070000259288XD ", 2026, 1) == "1133070000259288XD/2026-00001"


def test_the_organization_code_is_inside_the_credit_code() -> None:
    assert organization_code("1133070000259288XD") == "00259288X"
    assert format_index_number("{org_code}-{year}-{serial:04d}", "1133070000259288XD", 2026, 7) == "00259288X-2026-0007"
    assert organization_code("ABC") == "ABC"  # not a credit code: used as it is


@pytest.mark.parametrize("fmt", [DEFAULT_FORMAT, "{org_code}/{year}-{serial}", "浙{code}〔{year}〕{serial:06d}"])
def test_good_formats_pass(fmt: str) -> None:
    validate_format(fmt)


@pytest.mark.parametrize(
    "fmt",
    [
        "{code}/{year}",  # no serial
        "{code}/{serial}",  # no year: two years would print the same number
        "{year}-{serial}",  # no code: two bureaus would print the same number
        "{code}/{year}-{serial}-{serial}",
        "{code}/{year}-{serial}{name}",
        "{code}/{year}-{serial:05x",  # broken brace
        "{code}/{year}-{serial:q}",  # a bad format spec
        "{code}/{year}-{serial}" + "x" * 60,  # longer than the column
        "{code}/{year}-{serial!r}{0}",
    ],
)
def test_bad_formats_are_refused(fmt: str) -> None:
    with pytest.raises(IndexFormatError):
        validate_format(fmt)


def test_each_bureau_and_year_counts_on_its_own() -> None:
    assert counter_scope(3, 2026) == "publication:3:2026"
    assert len({counter_scope(3, 2026), counter_scope(4, 2026), counter_scope(3, 2027)}) == 3
