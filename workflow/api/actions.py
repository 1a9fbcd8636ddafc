"""The one table from API action names to service calls.

Each entry names the JSON fields the action reads and calls exactly one service function with the
acting user and `now`. The routes, the OpenAPI document and the tests all read this table, so an
action cannot exist in one and be missing from another. The names are those of the transition
tables (workflow/domain), which decide whether the action is allowed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from workflow.api.parsing import Field, Kind, json_body, parse
from workflow.clock import utcnow
from workflow.domain.lifecycle import AuthorKind
from workflow.models import Proposal, User
from workflow.services import assignment, review, submission
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
    Action("merge", "Merge (并案) with a filed proposal of the same session.",
           lambda u, p, f, now: review.merge(u, p.id, now, f.get("target_id"), f.get("version")),
           (Field("target_id", Kind.INTEGER, "The id of the filed proposal to merge with."), _version())),
    Action("set-key", "Flag or unflag a key proposal.",
           lambda u, p, f, now: review.set_key(u, p.id, now, f["is_key"], f.get("key_leader")),
           (Field("is_key", Kind.BOOLEAN, "Whether it is a key proposal.", required=True),
            Field("key_leader", Kind.STRING, "The supervising leader, required when is_key.", max_length=64))),
    Action("assign", "Assign (交办) bureaus: one lead, or separate bureaus, plus any co bureaus.", _assign,
           (Field("bureaus", Kind.BUREAUS, "The bureaus and their roles."),
            Field("reply_due", Kind.DATE, "A fixed reply due date for this assignment, instead of the period."),
            _version())),
)

ASSIGNMENT_ACTIONS: dict[str, Action] = _table(
    Action("receive", "Sign for (签收) the assignment.",
           lambda u, x, f, now: assignment.receive(u, x.id, now, f.get("version")), (_version(),)),
    Action("request-reassignment", "Ask the office to reassign, within the reassignment window.",
           lambda u, x, f, now: assignment.request_reassignment(u, x.id, f.get("reason", ""), now),
           (_note("reason", "Why another bureau should handle it."),)),
    Action("approve-reassignment", "Approve a reassignment request; the assignment is withdrawn.",
           lambda u, x, f, now: assignment.decide_reassignment(u, x.id, True, f.get("note"), now),
           (_note("note", "An optional note to the bureau."),)),
    Action("refuse-reassignment", "Refuse a reassignment request; the bureau keeps the item.",
           lambda u, x, f, now: assignment.decide_reassignment(u, x.id, False, f.get("note"), now),
           (_note("note", "Why the request is refused."),)),
    Action("withdraw", "Withdraw the assignment from the bureau (the office assigns again).",
           lambda u, x, f, now: assignment.withdraw(u, x.id, f.get("note"), now),
           (_note("note", "Why it is withdrawn."),)),
)

# By the collection name in the URL: /api/v1/{collection}/{id}/actions/{name}.
ACTIONS: dict[str, dict[str, Action]] = {"proposals": PROPOSAL_ACTIONS, "assignments": ASSIGNMENT_ACTIONS}


def run_action(table: dict[str, Action], name: str, actor: User, load: Callable[[], object]) -> datetime:
    """Look the action up, load the resource (404 when the actor may not see it), read the body's
    fields (400), then call the action's one service function. Returns the `now` it used."""
    action = table.get(name)
    if action is None:
        raise NotFound(_("There is no such action."))
    resource = load()
    values = parse(json_body(), action.fields)
    now = utcnow()
    action.run(actor, resource, values, now)
    return now
