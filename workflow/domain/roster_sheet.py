"""The roster from sheets (issue 10): users (members and deputies with their 界别 or 代表团, mobile
and e-mail; office and bureau staff with their roles and bureau) and bureaus (full and short
name, credit code, document number prefixes, duties, keywords). Pure: the service passes in what exists.

A row whose username (or bureau code) exists already updates that entry; any other row creates
one. Every rule is checked on every row before anything is saved."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from workflow.domain import bureau_keywords
from workflow.domain.sheet import N_, Column, RowCheck, check_length, check_required, split_list
from workflow.domain.sms import normal_mobile  # the text messages' own reading of a number

USERNAME = re.compile(r"[A-Za-z0-9_.]{1,64}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
BUREAU_CODE = re.compile(r"[A-Za-z0-9_.-]{1,32}")
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PREFIX_FORBIDDEN = "{}〔〕[]"
BUREAU_ROLES = frozenset({"clerk", "approver"})

USER_COLUMNS: tuple[Column, ...] = (
    Column("username", N_("Username"), required=True, width=16),
    Column("name", N_("Person's name"), required=True, width=12),
    Column("roles", N_("Roles"), required=True, width=20),
    Column("channel", N_("Channel"), width=10),
    Column("group", N_("Sector or delegation"), width=18),
    Column("prefix", N_("Delegation prefix"), width=10),
    Column("bureau", N_("Bureau"), width=20),
    Column("mobile", N_("Mobile"), width=14),
    Column("email", N_("E-mail"), width=26),
    Column("principal", N_("Principal leader"), width=10),
)
BUREAU_COLUMNS: tuple[Column, ...] = (
    Column("code", N_("Code"), required=True, width=12),
    Column("name", N_("Full name"), required=True, width=30),
    Column("short_name", N_("Short name"), width=14),
    Column("credit_code", N_("Unified social credit code"), width=22),
    Column("prefix_cppcc", N_("Document number prefix (proposals)"), width=18),
    Column("prefix_npc", N_("Document number prefix (suggestions)"), width=18),
    Column("duties", N_("Duties"), width=60),
    Column("keywords", N_("Keywords"), width=40),
)
USER_LABELS = {c.key: c.label for c in USER_COLUMNS}
BUREAU_LABELS = {c.key: c.label for c in BUREAU_COLUMNS}

BAD_USERNAME = N_("Use letters, digits, dots and underscores, at most 64.")
USERNAME_TWICE = N_("Line %(line)d has the same username.")
UNKNOWN_ROLE = N_("“%(value)s” is not a role.")
NEEDS_CHANNEL = N_("A member or deputy belongs to the CPPCC or the NPC: fill in the channel.")
BAD_CHANNEL = N_("“%(value)s” is not a channel.")
PREFIX_NOT_NPC = N_("Only NPC deputies number their suggestions with a delegation prefix.")
UNKNOWN_BUREAU = N_("No bureau is called “%(value)s”.")
NEEDS_BUREAU = N_("Clerks and leaders belong to a bureau.")
BAD_MOBILE = N_("“%(value)s” is not a mobile number (11 digits, starting with 1).")
BAD_EMAIL = N_("“%(value)s” is not an e-mail address.")
BAD_YES_NO = N_("Write yes or no (是 or 否).")
PRINCIPAL_NOT_APPROVER = N_("Only a bureau leader can be a principal leader.")
BAD_CODE = N_("Use letters, digits, dots, dashes and underscores, at most 32.")
CODE_TWICE = N_("Line %(line)d has the same code.")
BAD_CREDIT_CODE = N_("A unified social credit code has 18 characters of digits and capitals.")
CREDIT_CHECK_DIGIT = N_("The credit code's last character does not match its check digit; is it mistyped?")
CREDIT_TWICE = N_("Another bureau has the credit code %(value)s.")
BAD_PREFIX = N_("Only the prefix, e.g. 金经信办建, at most 32 characters; the year and number are added.")


@dataclass
class UserDirectory:
    usernames: Mapping[str, int]  # username (case folded) -> id
    bureaus: Mapping[str, int]  # code, full name and short name -> bureau id
    role_words: Mapping[str, str]  # role code, English and Chinese labels (case folded) -> role
    channel_words: Mapping[str, str]  # 委员, 代表, 提案, 建议, cppcc ... (case folded) -> channel
    yes_words: frozenset[str] = frozenset({"1", "y", "yes", "true", "是", "√", "✓"})
    no_words: frozenset[str] = frozenset({"", "0", "n", "no", "false", "否", "×"})


@dataclass(frozen=True)
class UserRow:
    line: int
    user_id: int | None  # None: a new account
    username: str
    name: str
    roles: tuple[str, ...]
    channel: str | None
    group_name: str | None
    group_prefix: str | None
    bureau_id: int | None
    mobile: str | None
    email: str | None
    principal_leader: bool


@dataclass
class BureauDirectory:
    codes: Mapping[str, int]  # code -> id
    credit_codes: Mapping[str, int] = field(default_factory=dict)  # credit code -> bureau id


@dataclass(frozen=True)
class BureauRow:
    line: int
    bureau_id: int | None
    code: str
    name: str
    short_name: str | None
    credit_code: str | None
    prefix_cppcc: str | None
    prefix_npc: str | None
    duties: str | None
    keywords: str | None


def credit_code_valid(code: str) -> bool:
    """GB 32100-2015: the 18th character is the check digit of the first 17 (modulo 31)."""
    if not CREDIT_CODE.fullmatch(code or ""):
        return False
    total = sum(CREDIT_CHARSET.index(ch) * w for ch, w in zip(code[:17], CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31] == code[17]


def check_users(rows: list[RowCheck], d: UserDirectory) -> list[RowCheck]:
    seen: dict[str, int] = {}
    for row in rows:
        parsed = _user(row, d, seen)
        row.parsed = parsed if row.ok else None
    return rows


def _user(row: RowCheck, d: UserDirectory, seen: dict[str, int]) -> UserRow | None:
    v = row.values
    check_required(row, USER_COLUMNS)
    check_length(row, "name", 64, USER_LABELS["name"])
    check_length(row, "group", 64, USER_LABELS["group"])
    check_length(row, "prefix", 8, USER_LABELS["prefix"])
    username = v.get("username", "")
    if username and not USERNAME.fullmatch(username):
        row.refuse(BAD_USERNAME, "username")
    elif username.casefold() in seen:
        row.refuse(USERNAME_TWICE, "username", line=seen[username.casefold()])
    elif username:
        seen[username.casefold()] = row.line
    roles = []
    for word in split_list(v.get("roles", "")):
        role = d.role_words.get(word.casefold())
        if role is None:
            row.refuse(UNKNOWN_ROLE, "roles", value=word)
        elif role not in roles:
            roles.append(role)
    channel = None
    if v.get("channel"):
        channel = d.channel_words.get(v["channel"].casefold())
        if channel is None:
            row.refuse(BAD_CHANNEL, "channel", value=v["channel"])
    elif "proposer" in roles:
        row.refuse(NEEDS_CHANNEL, "channel")
    if v.get("prefix") and channel != "npc":
        row.refuse(PREFIX_NOT_NPC, "prefix")
    bureau_id = None
    if v.get("bureau"):
        bureau_id = d.bureaus.get(v["bureau"])
        if bureau_id is None:
            row.refuse(UNKNOWN_BUREAU, "bureau", value=v["bureau"])
    elif BUREAU_ROLES & set(roles):
        row.refuse(NEEDS_BUREAU, "bureau")
    mobile = normal_mobile(v.get("mobile", "")) if v.get("mobile") else None
    if v.get("mobile") and mobile is None:
        row.refuse(BAD_MOBILE, "mobile", value=v["mobile"])
    email = v.get("email") or None
    if email and (len(email) > 254 or not EMAIL.fullmatch(email)):
        row.refuse(BAD_EMAIL, "email", value=email)
    principal = _yes_no(row, d, "principal")
    if principal and "approver" not in roles:
        row.refuse(PRINCIPAL_NOT_APPROVER, "principal")
    if not row.ok:
        return None
    return UserRow(row.line, d.usernames.get(username.casefold()), username, v["name"], tuple(roles), channel,
                   v.get("group") or None, v.get("prefix") or None, bureau_id, mobile, email, bool(principal))


def _yes_no(row: RowCheck, d: UserDirectory, key: str) -> bool | None:
    text = row.values.get(key, "").casefold()
    if text in d.yes_words:
        return True
    if text in d.no_words:
        return False
    row.refuse(BAD_YES_NO, key)
    return None


def check_bureaus(rows: list[RowCheck], d: BureauDirectory) -> list[RowCheck]:
    seen: dict[str, int] = {}
    credit_seen: dict[str, int] = {}
    for row in rows:
        parsed = _bureau(row, d, seen, credit_seen)
        row.parsed = parsed if row.ok else None
    return rows


def _bureau(row: RowCheck, d: BureauDirectory, seen: dict[str, int], credit_seen: dict[str, int]) -> BureauRow | None:
    v = row.values
    check_required(row, BUREAU_COLUMNS)
    check_length(row, "name", 128, BUREAU_LABELS["name"])
    check_length(row, "short_name", 32, BUREAU_LABELS["short_name"])
    check_length(row, "duties", 4000, BUREAU_LABELS["duties"])
    check_length(row, "keywords", 4000, BUREAU_LABELS["keywords"])
    code = v.get("code", "")
    if code and not BUREAU_CODE.fullmatch(code):
        row.refuse(BAD_CODE, "code")
    elif code in seen:
        row.refuse(CODE_TWICE, "code", line=seen[code])
    elif code:
        seen[code] = row.line
    bureau_id = d.codes.get(code)
    credit = v.get("credit_code", "").upper() or None
    if credit and not CREDIT_CODE.fullmatch(credit):
        row.refuse(BAD_CREDIT_CODE, "credit_code")
    elif credit and not credit_code_valid(credit):
        row.refuse(CREDIT_CHECK_DIGIT, "credit_code")
    elif credit:
        holder = d.credit_codes.get(credit)
        if (holder is not None and holder != bureau_id) or credit in credit_seen:
            row.refuse(CREDIT_TWICE, "credit_code", value=credit)
        credit_seen[credit] = row.line
    for key in ("prefix_cppcc", "prefix_npc"):
        value = v.get(key, "")
        if value and (len(value) > 32 or any(ch in value for ch in PREFIX_FORBIDDEN)):
            row.refuse(BAD_PREFIX, key)
    if not row.ok:
        return None
    return BureauRow(row.line, bureau_id, code, v["name"], v.get("short_name") or None, credit,
                     v.get("prefix_cppcc") or None, v.get("prefix_npc") or None, v.get("duties") or None,
                     bureau_keywords.normal(v.get("keywords")))
