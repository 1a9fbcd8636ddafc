"""The reply body as rich text: sanitized on the server, and read back as paragraphs.

The editor sends HTML; whatever arrives (from the page, the API, or a crafted request) goes
through nh3 (ammonia) keeping only plain structure: paragraphs, line breaks, emphasis, lists and
simple tables, and no attributes at all, so no script, style, link or event handler survives.
Text without any tag is taken as plain text, one paragraph a line.

The letter and the version comparison read the body as paragraphs (`paragraphs`): one per block
element, inline emphasis dropped, list items numbered as the reader sees them.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "div", "strong", "b", "em", "i", "u", "ol", "ul", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td",
})
BLOCK_TAGS = frozenset({"p", "div", "li", "h3", "h4", "blockquote", "tr"})
CELL_TAGS = frozenset({"td", "th"})
# HTML is text holding a whole tag (with its closing ">") of a kind an editor or an attacker would
# send; "a<b" or "<3" in plain text is no tag and is escaped instead.
_HAS_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|div|span|strong|b|em|i|u|s|ol|ul|li|h[1-6]|blockquote|table|thead|tbody|tr|th|td"
    r"|a|img|script|style|iframe|object|embed|svg|math|form|input|button|link|meta|base|font)\b[^>]*>",
    re.IGNORECASE,
)


def sanitize(text: str) -> str:
    """Safe HTML from whatever was sent: HTML is cleaned, plain text becomes paragraphs."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not _HAS_TAG.search(text):
        return from_plain(text)
    cleaned = nh3.clean(text, tags=set(ALLOWED_TAGS), attributes={}, strip_comments=True, link_rel=None).strip()
    if not _HAS_TAG.search(cleaned):
        # Only text survived: make it paragraphs, so that cleaning again gives the same.
        return from_plain(html.unescape(cleaned))
    return cleaned


def from_plain(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines()]
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)


def paragraphs(body_html: str) -> list[str]:
    """The body's paragraphs as plain text, in order, without empty ones."""
    reader = _Paragraphs()
    reader.feed(body_html or "")
    reader.close()
    return reader.result()


def to_text(body_html: str) -> str:
    return "\n".join(paragraphs(body_html))


def is_blank(body_html: str) -> bool:
    return not paragraphs(body_html)


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._done: list[str] = []
        self._current: list[str] = []
        self._lists: list[list[int | None]] = []  # a counter per open list; None for bullets

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS or tag == "br":
            self._flush()
        if tag in ("ol", "ul"):
            self._lists.append([0 if tag == "ol" else None])
        elif tag == "li" and self._lists:
            counter = self._lists[-1]
            if counter[0] is not None:
                counter[0] += 1
                self._current.append(f"{counter[0]}. ")
        elif tag in CELL_TAGS and self._current:
            self._current.append("  ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()

    def handle_data(self, data: str) -> None:
        self._current.append(data.replace("\n", " "))

    def _flush(self) -> None:
        text = "".join(self._current).strip()
        if text and not re.fullmatch(r"\d+\. ?", text):
            self._done.append(text)
        self._current = []

    def result(self) -> list[str]:
        self._flush()
        return self._done
