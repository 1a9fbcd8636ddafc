"""Translatable labels of the domain's states, roles and actions, in one place."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

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
    "unpublished": _l("Not published"),
    "published": _l("Published"),
    # replies, co-opinions and extension requests
    "returned": _l("Returned with comments"),
    "cosigning": _l("Awaiting co-signature"),
    "awaiting_approval": _l("Awaiting approval"),
    "approved": _l("Approved"),
    "sent": lazy_pgettext("reply state", "Sent"),
    "awaiting_leader": _l("Awaiting the bureau leader"),
    "awaiting_office": _l("Awaiting the office"),
    "granted": _l("Granted"),
    "refused": _l("Refused"),
    # feedback ratings, as recorded on the timeline
    "satisfied": _l("Satisfied"),
    "basically_satisfied": _l("Basically satisfied"),
    "unsatisfied": _l("Unsatisfied"),
}

# Where an item or an assignment stands (workflow/domain/stage.py): the status columns of the lists.
STAGE_LABELS = {
    **STATE_LABELS,
    "handling": lazy_pgettext("stage", "Handling"),
    "rehandling": lazy_pgettext("stage", "Re-handling"),
    "opinion_awaiting_signoff": _l("Co-handling opinion awaits sign-off"),
    "opinion_sent": _l("Co-handling opinion submitted"),
    "awaiting_approval": lazy_pgettext("stage", "Awaiting approval"),
    "approved": lazy_pgettext("stage", "Approved, not sent"),
    "replied": lazy_pgettext("stage", "Replied"),
    "closed": lazy_pgettext("stage", "Closed"),
    "withdrawn": lazy_pgettext("stage", "Withdrawn by the office"),
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
    "reassign": _l("Assign again"),
    "first_contact": _l("First contact with proposer"),
    "co_opinion": _l("Co-handling opinion"),
    "reply": _l("Reply"),
    "feedback": _l("Proposer's feedback"),
    "rehandling": _l("Re-handled reply"),
    "publication": _l("Publication of the reply"),
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
    "import": _l("Entered from paper"),
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
    "remind": _l("Reminder (催办)"),
    "scores-formula": _l("Bureau score formula changed"),
    "reminder": _l("Reminder sent"),
    "publish": _l("Publish"),
    "mark": _l("Mark for masking"),
    "withdraw-publication": _l("Withdraw publication"),
    "republish": _l("Publish again"),
    # issue 3: the actions of the transition tables (refusal messages) ...
    "add-contact": _l("Record a contact"),
    "save-draft": _l("Write the reply"),
    "request-extension": _l("Request an extension"),
    "save-opinion": _l("Save the co-handling opinion"),
    "submit-opinion": _l("Submit the co-handling opinion"),
    "approve-opinion": _l("Sign off the co-handling opinion"),
    "return-opinion": _l("Return the co-handling opinion"),
    "save": _l("Save"),
    "cosign": _l("Co-sign"),
    "object": _l("Object"),
    "approve": _l("Approve"),
    "return": _l("Return"),
    "send": _l("Send"),
    "feedback": _l("Rate the reply"),
    "correct-category": _l("Correct the resolution category"),
    "endorse": _l("Endorse the extension request"),
    "decline": _l("Decline the extension request"),
    "grant": _l("Grant the extension"),
    "refuse": _l("Refuse the extension"),
    "order-rehandling": _l("Order re-handling"),
    "close": _l("Close with a note"),
    "supervise": _l("Supervision note (督办意见)"),
    # ... and the events they write
    "opinion-submit": _l("Submitted the co-handling opinion"),
    "opinion-approve": _l("Signed off the co-handling opinion"),
    "opinion-return": _l("Returned the co-handling opinion"),
    "endorse-extension": _l("Endorsed the extension request"),
    "decline-extension": _l("Declined the extension request"),
    "grant-extension": _l("Granted an extension"),
    "refuse-extension": _l("Refused the extension"),
    "reply-save": _l("Saved the reply draft"),
    "reply-submit": _l("Submitted the reply for approval"),
    "proceed-without-opinions": _l("Went on without a co-handling opinion"),
    "reply-cosign": _l("Co-signed the reply"),
    "reply-cosigned": _l("All co bureaus co-signed"),
    "reply-object": _l("Objected to the reply"),
    "reply-approve": _l("Approved the reply (签发)"),
    "reply-return": _l("Returned the reply with comments"),
    "reply-send": _l("Sent the reply"),
    "reply-rated": _l("Rated the reply"),
    "replied": _l("Every reply sent"),
    "no-feedback": _l("No feedback within the window"),
    "rehandle": _l("Re-handling"),
    "closed-satisfied": _l("Closed: satisfied or basically satisfied"),
    "closed-no-feedback": _l("Closed: no feedback"),
    "close-with-target": _l("Closed with the item it was merged into"),
}

CONTACT_WAY_LABELS = {
    "in_person": _l("In person (面商)"),
    "phone": _l("Phone (电话)"),
    "meeting": _l("Meeting (座谈)"),
    "written": _l("In writing (书面)"),
    "site_visit": _l("Site visit (调研)"),
}

RATING_LABELS = {
    "satisfied": _l("Satisfied"),
    "basically_satisfied": _l("Basically satisfied"),
    "unsatisfied": _l("Unsatisfied"),
    "no_feedback": _l("No feedback"),
}

ASPECT_LABELS = {"attitude": _l("Attitude of the handling (办理态度)"), "result": _l("Result (办理结果)")}

DISCLOSURE_LABELS = {"public": _l("Public (主动公开)"), "not_public": _l("Not public (不予公开)")}

REPLY_KIND_LABELS = {"answer": _l("Reply"), "follow_up": _l("Follow-up reply")}

CLOSE_REASON_LABELS = {
    "satisfied": _l("Satisfied"),
    "no_feedback": _l("No feedback"),
    "office": _l("Closed by the office"),
}


# Event notices on the bell (workflow/domain/notices.py).
NOTICE_LABELS = {
    "assigned": _l("New assignment"),
    "cosign": _l("Reply awaits your co-signature"),
    "approval": _l("Reply awaits your approval"),
    "returned": _l("Reply returned for revision"),
    "sent": _l("Reply received: please rate it"),
    "follow_up": _l("Follow-up reply received"),
    "rehandling": _l("Re-handling ordered"),
    "supervised": _l("Supervision note from the office"),
    "due_changed": _l("Due date changed"),
    "not_filed": _l("Not filed"),
    "filed": _l("Filed"),
    "merged": _l("Merged with another item"),
    "merged_in": _l("Another item merged into yours"),
    "handlers": _l("Handling bureaus assigned"),
    "contact": _l("Signed for: your contact person"),
    "cosign_invited": _l("Co-signature asked"),
    "reassign_asked": _l("Reassignment request"),
    "reassign_decided": _l("Reassignment request answered"),
    "withdrawn": _l("Assignment withdrawn"),
    "extension_endorse": _l("Extension request to endorse"),
    "extension_asked": _l("Extension request"),
    "extension_decided": _l("Extension request answered"),
    "merged_reply": _l("Reply to the item yours joined"),
    "closed": _l("Closed by the office"),
}

# An archive of a session (workflow/domain/archive.py); "failed" alone reads as a failed e-mail.
ARCHIVE_STATE_LABELS = {
    "queued": lazy_pgettext("archive state", "Queued"),
    "running": lazy_pgettext("archive state", "Building"),
    "done": lazy_pgettext("archive state", "Ready"),
    "failed": lazy_pgettext("archive state", "Failed"),
}

# The desk's background exports and imports (workflow/domain/desk_job.py).
JOB_KIND_LABELS = {
    "export-proposals": _l("Export: list of items"),
    "export-assignments": _l("Export: assignment list"),
    "export-overdue": _l("Export: overdue list"),
    "export-handling": _l("Export: handling summary"),
    "import-proposals": _l("Import: items typed in from paper"),
    "import-users": _l("Import: users"),
    "import-bureaus": _l("Import: bureaus"),
}

DELIVERY_STATE_LABELS = {
    "pending": _l("to be sent"),
    "sent": _l("sent"),
    "failed": _l("failed"),
    "skipped": _l("no e-mail address"),
}


def label(table: dict, key: str | None) -> str:
    return str(table.get(key, key or ""))


def threshold_label(threshold: str | None) -> str:
    """What made a notification row, in words: "提前5个工作日", "逾期", "催办", or the event notice's
    label, never the row's key ("before:5", "event:sent:134:5")."""
    from flask_babel import gettext, ngettext

    reason, _sep, rest = (threshold or "").partition(":")
    if reason == "event":
        return label(NOTICE_LABELS, rest.split(":")[0])
    if reason == "before":
        days = int(rest) if rest.isdigit() else 0
        if days == 0:
            return gettext("On the due date")
        return ngettext("%(num)d working day before the due date", "%(num)d working days before the due date", days)
    if reason == "overdue":
        return gettext("Overdue")
    if reason == "weekly":
        return gettext("Weekly overdue list")
    if reason == "manual":
        return gettext("Reminder (催办)")
    return threshold or ""


# The fields a logged change names (an event's `changes`), as the timeline shows them.
CHANGE_LABELS = {
    "title": _l("Title"), "body": _l("Text"), "category": _l("Category"), "category_id": _l("Category"),
    "due_date": _l("Due date"), "provisional": _l("Provisional"), "phrases": _l("Phrases masked"),
    "cosigners": _l("Co-signers"), "round": _l("Round"), "resolution": _l("Resolution"),
    "active": _l("Active"), "position": _l("Position"), "period": _l("Period"),
    "withdraw_reason": _l("Reason for withdrawal"), "withdrawn_by": _l("Withdrawn by"),
    "is_key": _l("Key item"), "key": _l("Key item"), "number": _l("Number"), "disclosure": _l("Disclosure"),
}


def change_value(value, key: str | None = None) -> str:
    """A logged value in words: lists joined with 、, yes or no, a dash for none, a period as a
    number and a unit (3个月, never 3m)."""
    from flask_babel import gettext

    if key is not None and (key == "period" or key.startswith("period.")) and isinstance(value, str):
        from workflow.periods import shown

        return shown(value)

    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return "、".join(change_value(v) for v in value)
    return str(value)


def event_note(note: str | None) -> str:
    """An event's note as a reader sees it: a draft's version ("v2", logged without words) as
    "第2稿"; anything else as written."""
    import re

    from flask_babel import gettext

    match = re.fullmatch(r"v(\d+)", note or "")
    if match:
        return gettext("Version %(num)s", num=match[1])
    return note or ""
