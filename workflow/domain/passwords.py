"""What a password must be (issue 9 §11): at least 8 characters, at most 256 (argon2 on huge
inputs is a denial of service), not one of the 10,000 most common passwords (compared
case-insensitively; workflow/data/README.md says where the list comes from), and not the
username. Used wherever a password is set: the admin's pages, `flask users create`, the services."""
from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

MIN_LENGTH = 8
MAX_LENGTH = 256
COMMON_LIST = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt"


class Weakness(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    USERNAME = "username"


@cache
def common_passwords() -> frozenset[str]:
    with COMMON_LIST.open(encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def weakness(password: str | None, username: str | None = None) -> Weakness | None:
    """Why the password may not be used, or None."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return Weakness.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return Weakness.TOO_LONG
    folded = password.lower()  # as the list is
    if folded in common_passwords():
        return Weakness.COMMON
    if username and folded == username.strip().lower():
        return Weakness.USERNAME
    return None
