"""Each channel's own words (SPEC 2): a CPPCC item is a 提案 of a 委员, handled by the 提案委; an NPC
item is a 建议 of a 代表, handled by the 代表工委. Pages, e-mails, documents and exports take their
words from here, never from one wording shared by both channels.

`term(channel, "item")` gives the word in the current language; without a channel (a page listing
both) the combined word (提案建议). The office's name is configurable per channel
(`office_name.<channel>` in the settings); a configured name is shown as written, in every language.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# One row per word; the msgids differ per channel so each has its own Chinese.
TERMS: dict[str, dict[str | None, object]] = {
    "item": {"cppcc": _l("proposal"), "npc": _l("suggestion"), None: _l("proposal or suggestion")},
    "person": {"cppcc": _l("member"), "npc": _l("deputy"), None: _l("member or deputy")},
    "group": {"cppcc": _l("sector"), "npc": _l("delegation"), None: _l("sector or delegation")},
    "key_item": {"cppcc": _l("key proposal"), "npc": _l("key suggestion"), None: _l("key item")},
    "office": {"cppcc": _l("Proposal Committee"), "npc": _l("Deputies' Affairs Committee"), None: _l("the office")},
    "file": {"cppcc": _l("file (立案)"), "npc": _l("accept for handling"), None: _l("file")},
    "not_filed": {"cppcc": _l("not filed"), "npc": _l("not handled as a suggestion"), None: _l("not filed")},
}

OFFICE_NAME_KEY = "office_name.{channel}"


def term(channel: str | None, word: str) -> str:
    """The channel's word in the current language ("提案" / "建议"); the office's configured name."""
    if word == "office" and channel is not None:
        configured = _configured_office_name(channel)
        if configured:
            return configured
    row = TERMS[word]
    return str(row.get(channel, row[None]))


def _configured_office_name(channel: str) -> str | None:
    from workflow.services import settings

    value = settings.get(OFFICE_NAME_KEY.format(channel=channel))
    return str(value).strip() or None if value else None
