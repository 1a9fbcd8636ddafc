"""Turning the API's parsed fields into the inputs of the handling services (issue 3), for the
dispatch table in actions.py. Fields left out of a reply save keep the draft's values."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from workflow.domain.reply import ReplyKind
from workflow.models import Assignment, Reply, User
from workflow.services import contacts, drafting, opinions
from workflow.services.contacts import ContactInput
from workflow.services.drafting import DraftInput
from workflow.services.feedback import FeedbackInput
from workflow.services.opinions import OpinionInput
from workflow.services.uploads import Upload

DRAFT_NAMES = ("title", "salutation", "body", "resolution", "disclosure", "disclosure_reason", "contact_name",
               "contact_phone", "copy_to")


def files(f: dict[str, Any]) -> list[Upload]:
    return [Upload(name, data) for name, data in f.get("attachments", [])]


def draft_input(f: dict[str, Any], current: Reply | None, actor: User, assignment: Assignment) -> DraftInput:
    base = DraftInput.of(current) if current is not None else drafting.prefill(actor, assignment)
    for name in DRAFT_NAMES:
        if name in f:
            setattr(base, name, f[name])
    base.attachments = files(f)
    base.remove_attachment_ids = f.get("remove_attachment_ids", [])
    return base


def save_draft(actor: User, x: Assignment, f: dict, now: datetime) -> object:
    """Start the assignment's draft (pre-filled; the fields sent override) or save the current one."""
    kind = ReplyKind.FOLLOW_UP if f.get("follow_up") else ReplyKind.ANSWER
    current = drafting.current_reply(x, kind)
    if current is not None and kind == ReplyKind.FOLLOW_UP and current.state == "sent":
        current = None
    return drafting.save_draft(actor, x.id, draft_input(f, current, actor, x), now, f.get("version"), kind)


def save(actor: User, r: Reply, f: dict, now: datetime) -> object:
    return drafting.save(actor, r.id, draft_input(f, r, actor, r.assignment), now, f.get("version"))


def add_contact(actor: User, x: Assignment, f: dict, now: datetime) -> object:
    data = ContactInput(f.get("contacted_on"), f.get("way", ""), f.get("participants", ""), f.get("notes", ""),
                        files(f))
    return contacts.add_contact(actor, x.id, data, now)


def save_opinion(actor: User, x: Assignment, f: dict, now: datetime, then_submit: bool) -> object:
    current = opinions.opinion_of(x)
    body = f["body"] if "body" in f else (current.body if current else "")
    data = OpinionInput(body, files(f), f.get("remove_attachment_ids", []))
    return opinions.save(actor, x.id, data, now, f.get("version"), then_submit=then_submit)


def feedback_input(f: dict) -> FeedbackInput:
    return FeedbackInput(f.get("rating"), f.get("attitude"), f.get("result"), f.get("comments", ""))
