"""What the reply pages and the proposal page show of the handling, for the current user."""
from __future__ import annotations

from flask import request

from workflow.domain import compare, richtext
from workflow.domain.reply import REPLY, ReplyKind, ReplyState
from workflow.models import Proposal, Reply, ReplyVersion, User
from workflow.services import approval, coverage, progress, reply_access, settings
from workflow.services.uploads import Upload, read_limited
from workflow.web_forms import small_int


def handling_context(user: User, proposal: Proposal) -> dict:
    """For proposals/show.html: the replies, contacts, co-opinions and extension requests the
    user may see, and whether the office's decision on unsatisfied feedback is due."""
    return {
        "replies": reply_access.replies_of(user, proposal.id),
        "contacts": reply_access.contacts_of(user, proposal.id),
        "opinions": reply_access.opinions_of(user, proposal.id),
        "extensions": reply_access.extensions_of(user, proposal.id),
        "unsatisfied": progress.unsatisfied(proposal),
        "resolution_labels": {c.code: c.label for c in settings.resolution_categories(proposal.channel)},
    }


BEFORE_APPROVAL = frozenset({ReplyState.DRAFT, ReplyState.RETURNED, ReplyState.COSIGNING, ReplyState.AWAITING_APPROVAL})


def coverage_before_approval(user: User, reply: Reply):
    """Until it is approved, the clerk and the approver see which suggestions the reply answers
    (issue 11); those who do not see the handling see nothing of it."""
    if reply.kind != ReplyKind.ANSWER or reply.state not in BEFORE_APPROVAL:
        return None
    if not reply_access.sees_handling(user, reply.proposal_id):
        return None
    return coverage.of_text(reply.proposal, reply.body or "")


def reply_actions(user: User, reply: Reply) -> list[str]:
    """The reply table's actions, less those that do not apply to this user and reply."""
    actions = REPLY.available(reply.state, reply_access.reply_roles(user, reply))
    rated = any(f.user_id == user.id for f in reply.feedback)
    if "feedback" in actions and (reply.kind != ReplyKind.ANSWER or rated or reply.feedback_outcome == "no_feedback"):
        actions.remove("feedback")
    return actions


def category_choices(channel: str) -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} · {c.label}") for c in settings.resolution_categories(channel)]


def missing_opinions(reply: Reply) -> list:
    return approval.missing_opinions(reply) if reply.kind == ReplyKind.ANSWER else []


def version_by_number(reply: Reply, number: int | None) -> ReplyVersion | None:
    return next((v for v in reply.versions if v.number == number), None)


FIELDS = ("title", "salutation", "resolution", "disclosure", "disclosure_reason", "contact_name", "contact_phone")


def comparison(left: ReplyVersion, right: ReplyVersion) -> dict:
    """Two versions side by side: the changed fields, then the text paragraph by paragraph."""
    fields = [(name, getattr(left, name), getattr(right, name)) for name in FIELDS if getattr(left, name) != getattr(right, name)]
    if list(left.copy_to or []) != list(right.copy_to or []):
        fields.append(("copy_to", "、".join(left.copy_to or []), "、".join(right.copy_to or [])))
    if list(left.attachment_ids or []) != list(right.attachment_ids or []):
        fields.append(("attachments", len(left.attachment_ids or []), len(right.attachment_ids or [])))
    rows = compare.side_by_side(richtext.paragraphs(left.body), richtext.paragraphs(right.body))
    return {"fields": fields, "rows": rows}


def uploaded(name: str = "attachments") -> list[Upload]:
    return [read_limited(f.stream, f.filename) for f in request.files.getlist(name) if f and (f.filename or "").strip()]


def id_list(name: str) -> list[int]:
    return [n for n in map(small_int, request.form.getlist(name)) if n is not None]
