"""Translatable labels of issue 12: public stages, clue states and actions, what the status page says."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

PUBLIC_STAGE_LABELS = {
    "assigned": lazy_pgettext("public stage", "Assigned"),  # 交办
    "handling": lazy_pgettext("public stage", "In handling"),  # 办理中
    "replied": lazy_pgettext("public stage", "Replied"),  # 已答复
    "closed": lazy_pgettext("public stage", "Closed"),  # 已办结
}

CLUE_STATE_LABELS = {
    "received": lazy_pgettext("clue state", "Received"),
    "accepted": lazy_pgettext("clue state", "Accepted"),
    "passed": lazy_pgettext("clue state", "Passed to members"),
    "taken_up": lazy_pgettext("clue state", "Taken up"),
    "merged": lazy_pgettext("clue state", "Merged"),
    "declined": lazy_pgettext("clue state", "Not taken up"),
}

CLUE_ACTION_LABELS = {
    "accept": lazy_pgettext("clue action", "Accept"),
    "pass": lazy_pgettext("clue action", "Pass to a member"),
    "merge": lazy_pgettext("clue action", "Merge into another clue"),
    "decline": lazy_pgettext("clue action", "Decline"),
    "take-up": lazy_pgettext("clue action", "Start a proposal from it"),
}

CLUE_STATUS_LABELS = {
    "received": _l("Received: the office is reading it."),
    "passed": _l("Passed to members."),
    "writing": _l("A member is writing a proposal from it."),
    "taken_up": _l("Taken up in a proposal."),
    "declined": _l("Not taken up."),
}
