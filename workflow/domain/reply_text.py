"""The pre-filled texts of a reply draft and the fixed words of the letter (SPEC 3.3, 5).

These are the words of the Chinese document itself, the same whatever the reader's language,
so they live here as data rather than in the translation catalogs.
"""
from __future__ import annotations

import string
from collections.abc import Sequence

# Per-channel defaults of the admin setting `reply_title.<channel>`.
DEFAULT_TITLE_TEMPLATES = {
    "cppcc": "关于对{session}{number}提案答复的函",
    "npc": "关于对{session}{number}建议答复的函",
}
TITLE_PLACEHOLDERS = frozenset({"session", "number", "title"})

# 委员 (CPPCC member) / 代表 (NPC deputy), after the names in the salutation.
PERSON_TITLE = {"cppcc": "委员", "npc": "代表"}

# Printed in the letter's top-left corner (公开方式).
DISCLOSURE_TEXT = {"public": "主动公开", "not_public": "不予公开"}

# Reasons for not publishing a reply (SPEC 3.5), offered as suggestions in the editor.
NOT_PUBLIC_REASONS = ("涉及国家秘密", "涉及商业秘密", "涉及个人隐私", "属于过程性信息")


class TemplateError(ValueError):
    pass


def validate_title_template(template: str) -> None:
    """Only {session}, {number} and {title} in braces; text around them is free."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise TemplateError(str(exc)) from exc
    if not template.strip() or not set(names) <= TITLE_PLACEHOLDERS:
        raise TemplateError(template)


def default_title(template: str, session_name: str, number: str | None, title: str) -> str:
    try:
        validate_title_template(template)
    except TemplateError:
        return ""
    return template.format(session=session_name, number=number or "", title=title)


def salutation(channel: str, names: Sequence[str], collective_name: str | None = None) -> str:
    """何明代表： / 杨文艳、戴培红委员： / 民建金华市委会： (a collective author by its own name)."""
    if collective_name:
        return f"{collective_name}："
    people = "、".join(name for name in names if name)
    return f"{people}{PERSON_TITLE.get(channel, '')}：" if people else ""


def contact_line(name: str | None, phone: str | None) -> str | None:
    """联系人：邵军，联系电话：0579-82468101"""
    parts = []
    if name and name.strip():
        parts.append(f"联系人：{name.strip()}")
    if phone and phone.strip():
        parts.append(f"联系电话：{phone.strip()}")
    return "，".join(parts) or None
