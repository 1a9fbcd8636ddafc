"""The one table from API action names to service calls.

Each entry names the JSON fields the action reads and calls exactly one service function with the
acting user and `now`. The routes, the OpenAPI document and the tests all read this table, so an
action cannot exist in one and be missing from another. The names are those of the transition
tables (workflow/domain), which decide whether the action is allowed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import request
from flask_babel import gettext as _

from workflow.api import handling_input as handling
from workflow.api.parsing import Field, Kind, json_body, parse
from workflow.clock import utcnow
from workflow.domain import supervision as supervision_rules
from workflow.domain.contact import ContactWay
from workflow.domain.feedback import Rating
from workflow.domain.lifecycle import AuthorKind
from workflow.domain.publication import clean_phrases
from workflow.domain.reply import Disclosure
from workflow.extensions import db
from workflow.models import Proposal, User
from workflow.services import (
    approval,
    assignment,
    decisions,
    extensions,
    feedback,
    idempotency,
    opinions,
    publication,
    reminders,
    review,
    submission,
    supervision,
)
from workflow.services.assignment import BureauChoice
from workflow.services.errors import NotFound
from workflow.services.submission import DraftInput

NOTE_MAX = 2000  # as the web forms cap free text

# (actor, the resource the route loaded, the parsed fields, now) -> whatever the service returns.
# The lambdas below read: u = actor, p = proposal, x = assignment, f = fields.
Runner = Callable[[User, Any, dict[str, Any], datetime], object]


@dataclass(frozen=True)
class Action:
    name: str
    summary: str
    run: Runner
    fields: tuple[Field, ...] = ()

    @property
    def stale_check(self) -> bool:
        """Whether the action takes a `version` and may answer 412."""
        return any(f.name == "version" for f in self.fields)


def _version(required: bool = False) -> Field:
    return Field(
        "version", Kind.INTEGER, "The `version` you read; a newer one on the server answers 412.", required=required
    )


def _note(name: str, description: str) -> Field:
    return Field(name, Kind.STRING, description, max_length=NOTE_MAX)


DRAFT_FIELDS = (
    Field("title", Kind.STRING, "Title, at most 200 characters."),
    Field("body", Kind.STRING, "The proposal's text."),
    Field("session_id", Kind.INTEGER, "An open session of the caller's channel."),
    Field("author_kind", Kind.STRING, "Individual, joint (co-signers confirm) or collective.", enum=tuple(AuthorKind)),
    Field("collective_name", Kind.STRING, "For a collective proposal: the party, sector or delegation.", max_length=128),
    Field("cosigner_ids", Kind.INTEGERS, "For a joint proposal: the user ids of the co-signers."),
)
_DRAFT_NAMES = [f.name for f in DRAFT_FIELDS]


def draft_input(values: dict[str, Any], current: Proposal | None = None) -> DraftInput:
    """A DraftInput from the request; fields left out keep the draft's current values."""
    base: dict[str, Any] = {"title": "", "body": "", "session_id": None, "author_kind": AuthorKind.INDIVIDUAL,
                            "collective_name": None, "cosigner_ids": []}
    if current is not None:
        base = {name: getattr(current, name) for name in _DRAFT_NAMES if name != "cosigner_ids"}
        base["cosigner_ids"] = [c.user_id for c in current.cosigners]
    base.update({k: v for k, v in values.items() if k in _DRAFT_NAMES})
    return DraftInput(**base)


ATTACHMENTS = Field("attachments", Kind.FILES, "Files to attach: PDF, DOCX, XLSX, JPEG or PNG, by their bytes.")
REPLY_FIELDS = (
    Field("title", Kind.STRING, "Title, e.g. 关于对…第12号建议答复的函.", max_length=200),
    Field("salutation", Kind.STRING, "主送, e.g. 何明代表：", max_length=200),
    Field("body", Kind.STRING, "The text: HTML, sanitized on the server; text without tags is one paragraph a line."),
    Field("resolution", Kind.STRING, "解决类别: a code of the channel's categories (A, B, C by default).", max_length=8),
    Field("disclosure", Kind.STRING, "Published or not.", enum=tuple(Disclosure)),
    Field("disclosure_reason", Kind.STRING, "Why not published.", max_length=200),
    Field("contact_name", Kind.STRING, "The bureau's contact person.", max_length=64),
    Field("contact_phone", Kind.STRING, "The contact's phone.", max_length=32),
    Field("copy_to", Kind.STRINGS, "抄送: the recipients of copies.", max_length=128),
    ATTACHMENTS,
    Field("remove_attachment_ids", Kind.INTEGERS, "Attachments of the draft to take off."),
)
OPINION_FIELDS = (
    Field("body", Kind.STRING, "The opinion's text; left out, the saved text.", max_length=20000),
    ATTACHMENTS,
    Field("remove_attachment_ids", Kind.INTEGERS, "Attachments of the opinion to take off."),
    _version(),
)


def _edit(actor: User, p: Proposal, f: dict, now: datetime) -> object:
    return submission.edit_draft(actor, p.id, draft_input(f, p), now, f["version"])


def _assign(actor: User, p: Proposal, f: dict, now: datetime) -> object:
    choices = [BureauChoice(bureau_id, role) for bureau_id, role in f.get("bureaus", [])]
    return assignment.assign(actor, p.id, choices, now, f.get("reply_due"), f.get("version"))


def _table(*actions: Action) -> dict[str, Action]:
    return {action.name: action for action in actions}


PROPOSAL_ACTIONS: dict[str, Action] = _table(
    Action("edit", "Change a draft; fields left out keep their values.", _edit, (*DRAFT_FIELDS, _version(True))),
    Action("submit", "Submit a draft (a joint one waits for its co-signers).",
           lambda u, p, f, now: submission.submit(u, p.id, now)),
    Action("confirm-cosign", "Confirm your co-signature.",
           lambda u, p, f, now: submission.answer_cosign(u, p.id, True, now, f.get("note")),
           (_note("note", "An optional note."),)),
    Action("decline-cosign", "Decline to co-sign.",
           lambda u, p, f, now: submission.answer_cosign(u, p.id, False, now, f.get("note")),
           (_note("note", "Why you decline."),)),
    Action("withdraw", "Withdraw (撤案) before review.",
           lambda u, p, f, now: submission.withdraw(u, p.id, now, f.get("reason")),
           (_note("reason", "Why it is withdrawn."),)),
    Action("second", "Second (附议) an NPC suggestion under review.",
           lambda u, p, f, now: submission.second(u, p.id, now)),
    Action("consent-opinion-letter", "Agree or refuse that a not-filed text is forwarded as an opinion letter.",
           lambda u, p, f, now: submission.consent_opinion_letter(u, p.id, f["consent"], now),
           (Field("consent", Kind.BOOLEAN, "true to agree, false to refuse.", required=True),)),
    Action("start-review", "Start the office's review.", lambda u, p, f, now: review.start_review(u, p.id, now)),
    Action("file", "File (立案): assigns the number.",
           lambda u, p, f, now: review.file(u, p.id, now, f.get("category_id"), f.get("is_key", False),
                                            f.get("key_leader"), f.get("version")),
           (Field("category_id", Kind.INTEGER, "The category (分类) of the proposal's channel."),
            Field("is_key", Kind.BOOLEAN, "A key proposal (重点提案)."),
            Field("key_leader", Kind.STRING, "The supervising leader of a key proposal.", max_length=64),
            _version())),
    Action("reject", "Do not file (不予立案); the proposer is told the reason.",
           lambda u, p, f, now: review.reject(u, p.id, now, f.get("reason", ""), f.get("version")),
           (_note("reason", "Why it is not filed."), _version())),
    Action("merge", "Merge (并案) with a filed proposal of the same session: handled and answered with it, "
           "without a number or assignments of its own.",
           lambda u, p, f, now: review.merge(u, p.id, now, f.get("target_id"), f.get("version"), f.get("target")),
           (Field("target_id", Kind.INTEGER, "The id of the filed proposal to merge with."),
            Field("target", Kind.STRING, "Or its number as written: 7, 第7号, 义12号 (full-width digits too).",
                  max_length=32),
            _version())),
    Action("set-key", "Flag or unflag a key proposal.",
           lambda u, p, f, now: review.set_key(u, p.id, now, f["is_key"], f.get("key_leader")),
           (Field("is_key", Kind.BOOLEAN, "Whether it is a key proposal.", required=True),
            Field("key_leader", Kind.STRING, "The supervising leader, required when is_key.", max_length=64))),
    Action("assign", "Assign (交办) bureaus: one lead, or separate bureaus, plus any co bureaus.", _assign,
           (Field("bureaus", Kind.BUREAUS, "The bureaus and their roles."),
            Field("reply_due", Kind.DATE, "A fixed reply due date for this assignment, instead of the period."),
            _version())),
    Action("remind", "Remind (催办) the clerks and approvers of the bureaus handling the item, with a note. "
           "The answer adds `reminded`: how many notices were written; 0 means the bureaus have nobody to tell.",
           lambda u, p, f, now: reminders.remind(u, p.id, f.get("note"), now, f.get("assignment_id")),
           (_note("note", "What the bureaus are reminded of."),
            Field("assignment_id", Kind.INTEGER, "Remind only this assignment's bureau; all handling bureaus if left out."))),
    Action("supervise", "Write a supervision note (督办意见), to one assigned bureau (its clerks are told) or as the office's record.",
           lambda u, p, f, now: supervision.write_note(u, p.id, f.get("body"), now, f.get("assignment_id")),
           (Field("body", Kind.STRING, "The note; plain text.", required=True, max_length=supervision_rules.BODY_MAX),
            Field("assignment_id", Kind.INTEGER, "Address the note to this assignment's bureau; the office only, if left out."))),
    Action("order-rehandling", "After unsatisfied feedback: the bureau writes a new reply on a new clock (重新办理).",
           lambda u, p, f, now: decisions.order_rehandling(u, p.id, f.get("note"), now),
           (_note("note", "Instructions to the bureau."),)),
    Action("close", "After unsatisfied feedback: close the item with a note to the proposer.",
           lambda u, p, f, now: decisions.close(u, p.id, f.get("note"), now),
           (_note("note", "The office's note; required."),)),
)

ASSIGNMENT_ACTIONS: dict[str, Action] = _table(
    Action("receive", "Sign for (签收) the assignment.",
           lambda u, x, f, now: assignment.receive(u, x.id, now, f.get("version")), (_version(),)),
    Action("request-reassignment", "Ask the office to reassign, within the reassignment window.",
           lambda u, x, f, now: assignment.request_reassignment(u, x.id, f.get("reason", ""), now),
           (_note("reason", "Why another bureau should handle it."),)),
    Action("approve-reassignment", "Approve a reassignment request; the assignment is withdrawn. Name the new "
           "bureaus in `bureaus`, or the item waits on the office's work list to be assigned again (待重新交办).",
           lambda u, x, f, now: assignment.decide_reassignment(
               u, x.id, True, f.get("note"), now,
               [BureauChoice(bureau_id, role) for bureau_id, role in f.get("bureaus", [])], f.get("reply_due")),
           (_note("note", "An optional note to the bureau."),
            Field("bureaus", Kind.BUREAUS, "The new bureaus and their roles, assigned in the same step."),
            Field("reply_due", Kind.DATE, "A fixed reply due date for the new bureaus, instead of the period."))),
    Action("refuse-reassignment", "Refuse a reassignment request; the bureau keeps the item.",
           lambda u, x, f, now: assignment.decide_reassignment(u, x.id, False, f.get("note"), now),
           (_note("note", "Why the request is refused."),)),
    Action("withdraw", "Withdraw the assignment from the bureau (the office assigns again).",
           lambda u, x, f, now: assignment.withdraw(u, x.id, f.get("note"), now),
           (_note("note", "Why it is withdrawn."),)),
    # Handling (SPEC 3.3): contacts, the reply draft, extension requests, co-handling opinions.
    Action("add-contact", "Record a contact (沟通) with the proposer; the first stops the first-contact clock.",
           handling.add_contact,
           (Field("contacted_on", Kind.DATE, "The day of the contact; not in the future.", required=True),
            Field("way", Kind.STRING, "How.", required=True, enum=tuple(ContactWay)),
            Field("participants", Kind.STRING, "Who took part.", max_length=500),
            Field("notes", Kind.STRING, "What was discussed.", max_length=5000),
            ATTACHMENTS)),
    Action("save-draft", "Start the reply draft (pre-filled from the item; fields sent override) or save the "
           "current one as a new version; saving an existing draft needs its `version`.",
           handling.save_draft,
           (*REPLY_FIELDS, Field("follow_up", Kind.BOOLEAN, "A follow-up reply to a B-category item."),
            _version())),
    Action("request-extension", "Ask for a later reply due date, at most the maximum total period.",
           lambda u, x, f, now: extensions.request(u, x.id, f.get("reason", ""), f.get("asked_due"), now),
           (_note("reason", "Why the reply needs more time."),
            Field("asked_due", Kind.DATE, "The due date asked for.", required=True))),
    Action("save-opinion", "Save the co-handling opinion (co bureaus).",
           lambda u, x, f, now: handling.save_opinion(u, x, f, now, then_submit=False), OPINION_FIELDS),
    Action("submit-opinion", "Save and submit the opinion: to the bureau's leader when opinions are signed "
           "off, else to the lead bureau.",
           lambda u, x, f, now: handling.save_opinion(u, x, f, now, then_submit=True), OPINION_FIELDS),
    Action("approve-opinion", "Sign off the co-handling opinion (the co bureau's leader); the lead bureau gets it.",
           lambda u, x, f, now: opinions.approve(u, x.id, now, f.get("version")), (_version(),)),
    Action("return-opinion", "Return the co-handling opinion to the clerk with comments.",
           lambda u, x, f, now: opinions.return_(u, x.id, f.get("note"), now, f.get("version")),
           (_note("note", "What to change."), _version())),
)

REPLY_ACTIONS: dict[str, Action] = _table(
    Action("save", "Save the draft as a new version; fields left out keep their values.", handling.save,
           (*REPLY_FIELDS, _version(True))),
    Action("submit", "Submit for approval (or first for the co bureaus' co-signature, by setting).",
           lambda u, r, f, now: approval.submit(u, r.id, now, f.get("confirm_missing_opinions", False),
                                                f.get("version")),
           (Field("confirm_missing_opinions", Kind.BOOLEAN,
                  "Go on although a co-handling opinion is missing; the confirmation is logged."), _version())),
    Action("cosign", "Co-sign the final draft (a co bureau).", lambda u, r, f, now: approval.cosign(u, r.id, now)),
    Action("object", "Return the draft to the lead bureau with comments (a co bureau).",
           lambda u, r, f, now: approval.object_(u, r.id, f.get("note"), now), (_note("note", "What to change."),)),
    Action("approve", "Approve (签发): assigns the document number and locks the text.",
           lambda u, r, f, now: approval.approve(u, r.id, now, f.get("version")), (_version(),)),
    Action("return", "Return the draft to the clerk with comments.",
           lambda u, r, f, now: approval.return_(u, r.id, f.get("note"), now, f.get("version")),
           (_note("note", "What to change."), _version())),
    Action("send", "Send the approved reply: the proposer and co-signers see it, the feedback window opens.",
           lambda u, r, f, now: approval.send(u, r.id, now)),
    Action("feedback", "Rate the reply (the lead proposer's rating decides; co-signers' are reported).",
           lambda u, r, f, now: feedback.rate(u, r.id, handling.feedback_input(f), now),
           (Field("rating", Kind.STRING, "Overall.", required=True, enum=tuple(Rating)),
            Field("attitude", Kind.STRING, "办理态度, required when rated per aspect.", enum=tuple(Rating)),
            Field("result", Kind.STRING, "办理结果, required when rated per aspect.", enum=tuple(Rating)),
            Field("comments", Kind.STRING, "Required when unsatisfied.", max_length=2000))),
    Action("correct-category", "Correct the resolution category after review (the office); logged.",
           lambda u, r, f, now: decisions.correct_category(u, r.id, f.get("resolution"), f.get("note"), now),
           (Field("resolution", Kind.STRING, "A code of the channel's categories.", required=True, max_length=8),
            _note("note", "Why; required."))),
)

def _phrases(text: str | None) -> list[str] | None:
    return None if text is None else clean_phrases(text)


# Publishing a sent public reply (SPEC 3.5), on the replies collection beside REPLY_ACTIONS.
PUBLICATION_ACTIONS: dict[str, Action] = _table(
    Action("mark", "Keep phrases to mask in the published text besides the automatic rules (the approver or "
           "the office); they replace the phrases kept before.",
           lambda u, r, f, now: publication.mark(u, r.id, f.get("phrases", ""), now),
           (Field("phrases", Kind.STRING, "One word or phrase a line, masked wherever it occurs.", max_length=5100),)),
    Action("publish", "Publish the sent public reply to the portal, masked, with its 索引号 (the office, or "
           "the bureau by setting).",
           lambda u, r, f, now: publication.publish(u, r.id, now, f.get("topic"), f.get("attachment_ids"),
                                                    _phrases(f.get("phrases"))),
           (Field("topic", Kind.STRING, "主题分类; the channel's default when left out.", max_length=64),
            Field("attachment_ids", Kind.INTEGERS, "Which of the reply's files are published; all when left out."),
            Field("phrases", Kind.STRING, "Phrases to mask, one a line; the kept ones when left out.",
                  max_length=5100))),
    Action("withdraw-publication", "Withdraw the publication; the public page then says it was withdrawn.",
           lambda u, r, f, now: publication.withdraw_reply(u, r.id, f.get("reason"), now),
           (_note("reason", "Why; required, kept in the log."),)),
    Action("republish", "Publish a withdrawn reply again, masked with the marks as they are now: same 索引号 "
           "and public URL, 发布日期 today; the log keeps the withdrawal.",
           lambda u, r, f, now: publication.republish(u, r.id, now, f.get("topic"), f.get("attachment_ids"),
                                                      _phrases(f.get("phrases"))),
           (Field("topic", Kind.STRING, "主题分类; as published before when left out.", max_length=64),
            Field("attachment_ids", Kind.INTEGERS, "Which of the reply's files are published; as before when "
                  "left out."),
            Field("phrases", Kind.STRING, "Phrases to mask, one a line, replacing the kept ones; the kept ones "
                  "when left out.", max_length=5100))),
)

EXTENSION_ACTIONS: dict[str, Action] = _table(
    Action("endorse", "Endorse a clerk's extension request (the bureau's leader); the office decides.",
           lambda u, e, f, now: extensions.endorse(u, e.id, now, f.get("version")), (_version(),)),
    Action("decline", "Decline a clerk's extension request (the bureau's leader).",
           lambda u, e, f, now: extensions.decline(u, e.id, f.get("note"), now, f.get("version")),
           (_note("note", "Why; required."), _version())),
    Action("grant", "Grant (the office): the reply clock moves to `due`, or to the date asked.",
           lambda u, e, f, now: extensions.grant(u, e.id, f.get("due"), f.get("note"), now, f.get("version")),
           (Field("due", Kind.DATE, "The new due date; the date asked when left out."),
            _note("note", "An optional note."), _version())),
    Action("refuse", "Refuse (the office), with a note.",
           lambda u, e, f, now: extensions.refuse(u, e.id, f.get("note"), now, f.get("version")),
           (_note("note", "Why; required."), _version())),
)

# By the collection name in the URL: /api/v1/{collection}/{id}/actions/{name}.
ACTIONS: dict[str, dict[str, Action]] = {
    "proposals": PROPOSAL_ACTIONS, "assignments": ASSIGNMENT_ACTIONS, "replies": {**REPLY_ACTIONS, **PUBLICATION_ACTIONS},
    "extension-requests": EXTENSION_ACTIONS,
}


def run_action(table: dict[str, Action], name: str, actor: User, load: Callable[[], object]) -> tuple[datetime, Any]:
    """Look the action up, load the resource (404 when the actor may not see it), read the body's
    fields (400), then call the action's one service function, once per Idempotency-Key.
    Returns the `now` it used and what the service returned."""
    action = table.get(name)
    if action is None:
        raise NotFound(_("There is no such action."))
    resource = load()
    values = parse(json_body(), action.fields)
    now = utcnow()
    with once_per_key(actor, now, request.path.rsplit("/actions/", 1)[0]):
        result = action.run(actor, resource, values, now)
    return now, result


@contextmanager
def once_per_key(actor: User, now: datetime, location: str | Callable[[], str]) -> Iterator[None]:
    """A request sent again with the same `Idempotency-Key` header (a client retrying after a
    timeout) is refused with 409 `repeated` and the `location` of what the first one did; the
    use case runs in the transaction that holds the key. Without the header, no such guard."""
    key = idempotency.api_key(actor, request.headers.get("Idempotency-Key"))
    if key is not None:
        idempotency.claim(actor, key, now)
    try:
        yield
    except Exception:
        db.session.rollback()  # the key too: the corrected request may be sent with it
        raise
    if key is not None:
        idempotency.remember(key, location() if callable(location) else location)
