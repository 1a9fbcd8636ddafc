"""Translatable labels of the domain's states, roles and actions, in one place."""
from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "draft": _l("Draft"),
    "awaiting_cosigners": _l("Awaiting co-signers"),
    "submitted": _l("Submitted"),
    "under_review": _l("Under review"),
    "filed": _l("Filed"),
    "not_filed": _l("Not filed"),
    "in_handling": _l("In handling"),
    "replied": _l("Replied"),
    "rehandling": _l("Re-handling"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
    "pending_receipt": _l("Awaiting receipt"),
    "received": _l("Received"),
    "reassignment_requested": _l("Reassignment requested"),
}

ASSIGNMENT_ROLE_LABELS = {"lead": _l("Lead"), "co": _l("Co-handling"), "separate": _l("Separate")}

CHANNEL_LABELS = {"cppcc": _l("CPPCC proposal"), "npc": _l("NPC suggestion")}

AUTHOR_KIND_LABELS = {"individual": _l("Individual"), "joint": _l("Joint"), "collective": _l("Collective")}

ROLE_LABELS = {
    "proposer": _l("Member / deputy"),
    "office": _l("Proposal office"),
    "clerk": _l("Bureau clerk"),
    "approver": _l("Bureau leader"),
    "admin": _l("Administrator"),
}

CLOCK_LABELS = {
    "cosign": _l("Co-signers confirm"),
    "review": _l("Review"),
    "receipt": _l("Sign for assignment"),
    "reassign_window": _l("Reassignment request window"),
    "reassign_answer": _l("Answer reassignment request"),
    "first_contact": _l("First contact with proposer"),
    "co_opinion": _l("Co-handling opinion"),
    "reply": _l("Reply"),
}

ACTION_LABELS = {
    "create": _l("Created draft"),
    "edit": _l("Edit"),
    "submit": _l("Submit"),
    "confirm-cosign": _l("Confirm co-signature"),
    "decline-cosign": _l("Decline co-signature"),
    "withdraw": _l("Withdraw"),
    "start-review": _l("Start review"),
    "second": _l("Second"),
    "file": _l("File"),
    "reject": _l("Do not file"),
    "merge": _l("Merge"),
    "consent-opinion-letter": _l("Answer on opinion letter"),
    "set-key": _l("Key item"),
    "assign": _l("Assign"),
    "receive": _l("Sign for"),
    "request-reassignment": _l("Request reassignment"),
    "approve-reassignment": _l("Approve reassignment"),
    "refuse-reassignment": _l("Refuse reassignment"),
    "cosigners-complete": _l("All co-signers answered"),
    "returned-to-draft": _l("Returned to draft"),
    "recompute-due": _l("Due date recomputed"),
}


def label(table: dict, key: str | None) -> str:
    return str(table.get(key, key or ""))
