"""How an e-mail addresses its reader, as a letter would (SPEC 2, issue 9 §3): a member or deputy
by name and title in the channel's word (杨文艳委员：, 何明代表：), anyone else as 同志."""
from __future__ import annotations

from flask_babel import gettext as _

from workflow.models import Role, User
from workflow.terms import term


def salutation(user: User, channel: str | None) -> str:
    """`channel`: the item's, so a letter about an NPC suggestion says 代表; else the reader's own."""
    if user.has_role(Role.PROPOSER):
        return _("Dear %(person)s %(name)s,", person=term(channel or user.channel or "cppcc", "person"),
                 name=user.name)
    return _("Dear %(name)s,", name=user.name)
