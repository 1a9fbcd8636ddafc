"""Document numbers (发文字号) of replies, SPEC 5: `{bureau prefix}〔{year}〕{n}号`.

`n` counts per bureau, prefix and year; the counter behind it (services/counters.py) never gives
a number twice and never skips one.
"""
from __future__ import annotations

PREFIX_MAX = 32


def counter_scope(bureau_id: int, prefix: str, year: int) -> str:
    return f"docnum:{bureau_id}:{prefix}:{year}"


def format_doc_number(prefix: str, year: int, n: int) -> str:
    """金经信办建, 2023, 31 -> 金经信办建〔2023〕31号 (hexagonal brackets 〔〕, GB/T 9704 7.2.4)."""
    if not prefix or not prefix.strip():
        raise ValueError("a document number needs the bureau's prefix")
    if n < 1:
        raise ValueError("document numbers start at 1")
    return f"{prefix.strip()}〔{year}〕{n}号"
