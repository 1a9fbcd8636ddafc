"""Contacts (沟通) with the proposer before replying (SPEC 3.3: 先沟通后答复)."""
from __future__ import annotations

from datetime import date
from enum import StrEnum


class ContactWay(StrEnum):
    IN_PERSON = "in_person"  # 面商
    PHONE = "phone"  # 电话
    MEETING = "meeting"  # 座谈
    WRITTEN = "written"  # 书面
    SITE_VISIT = "site_visit"  # 调研


def date_problem(contacted_on: date, assigned_on: date, today: date) -> str | None:
    """A contact is recorded after it happened, and not before the bureau had the item."""
    if contacted_on > today:
        return "future"
    if contacted_on < assigned_on:
        return "before_assignment"
    return None
