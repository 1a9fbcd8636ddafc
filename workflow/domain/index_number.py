"""索引号, the index number of a publication (SPEC 3.5): `{code}/{year}-{serial:05d}` by default,
e.g. `11330282734267548D/2020-99722`.

`code` is the publishing bureau's unified social credit code (统一社会信用代码) as the published
samples print it; `org_code` is the organization code inside it (组织机构代码, characters 9-17)
for localities that use that instead. The serial counts per bureau and year, without gaps or
duplicates: the service draws it from a counter row inside the publishing transaction.
"""
from __future__ import annotations

import string

DEFAULT_FORMAT = "{code}/{year}-{serial:05d}"
PLACEHOLDERS = frozenset({"code", "org_code", "year", "serial"})
MAX_LENGTH = 64


class IndexFormatError(ValueError):
    pass


def validate_format(fmt: str) -> None:
    """Only the known placeholders; `{serial}` (with an optional width such as `:05d`) and `{year}`
    exactly once, `{code}` or `{org_code}`; the formatted number fits its column."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError as exc:
        raise IndexFormatError(str(exc)) from exc
    names = [name for name, _ in fields]
    # The serial counts per bureau and year: without both a code and the year, two bureaus or
    # two years would print the same number.
    if (
        names.count("serial") != 1 or names.count("year") != 1 or not set(names) <= PLACEHOLDERS
        or not {"code", "org_code"} & set(names)
    ):
        raise IndexFormatError(fmt)
    try:
        sample = format_index_number(fmt, "11330282734267548D", 2026, 99999)
    except (ValueError, KeyError, IndexError) as exc:
        raise IndexFormatError(str(exc)) from exc
    if len(sample) > MAX_LENGTH:
        raise IndexFormatError(fmt)


def organization_code(credit_code: str) -> str:
    """组织机构代码: characters 9 to 17 of an 18-character unified social credit code."""
    code = credit_code.strip()
    return code[8:17] if len(code) == 18 else code


def format_index_number(fmt: str, credit_code: str, year: int, serial: int) -> str:
    code = credit_code.strip()
    return fmt.format(code=code, org_code=organization_code(code), year=year, serial=serial)


def counter_scope(bureau_id: int, year: int) -> str:
    """The counter row a bureau's serials of one year are drawn from."""
    return f"publication:{bureau_id}:{year}"
