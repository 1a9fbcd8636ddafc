"""Publication of replies (复文公开, SPEC 3.5): the states, who may act, and the masked letter.

unpublished ──publish──▶ published ──withdraw-publication, reason──▶ withdrawn
                                    ◀──republish (marks corrected)───────────

`unpublished` is never stored: it is a sent reply whose disclosure is public and which has no
publication row yet. On withdrawal the row, its number and its masked text stay, and the public
page says it was withdrawn and when. A withdrawn reply (its masking found wrong, say) may be marked
again and republished: the same row, so the same 索引号 and public URL, with a new masked snapshot;
the log keeps the withdrawal.

The letter is masked as one document, its parts one per line (title, salutation, each paragraph,
the contact line), so the names the rules list are found wherever they occur and the redactor's
hand-marked spans are offsets into one text. No replacement holds a newline and marked spans are
cut at line ends, so the masked document splits back into the same parts.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from workflow.domain.machine import Machine, transition
from workflow.domain.masking import MaskingRules, Span, apply, find_spans


class PublicationState(StrEnum):
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


STORED_STATES = (PublicationState.PUBLISHED, PublicationState.WITHDRAWN)


class Publisher(StrEnum):
    """Who publishes, an admin setting: the office, or the reply's own bureau."""

    OFFICE = "office"
    BUREAU = "bureau"


class AttachmentMode(StrEnum):
    """What the portal offers of a reply's attachments, an admin setting: masked copies, or none."""

    MASKED = "masked"
    NONE = "none"


# Relationship roles of the actor to one reply's publication, derived by the service.
PUBLISHER = "publisher"  # the office, or a clerk or leader of the reply's bureau, per the setting
REDACTOR = "redactor"  # the office, or a leader of the reply's bureau: sees the preview, marks spans
OFFICE = "office"  # may always withdraw: a publication found to leak must come down at once

P = PublicationState

PUBLICATION = Machine(
    "publication",
    [
        transition("mark", {P.UNPUBLISHED, P.WITHDRAWN}, None, {REDACTOR, PUBLISHER}),
        transition("publish", {P.UNPUBLISHED}, P.PUBLISHED, {PUBLISHER}),
        transition("withdraw-publication", {P.PUBLISHED}, P.WITHDRAWN, {PUBLISHER, OFFICE}, ("reason",)),
        transition("republish", {P.WITHDRAWN}, P.PUBLISHED, {PUBLISHER}),
    ],
)

# 主题分类 of the published samples; the office may change it per publication.
DEFAULT_TOPICS = {"cppcc": "综合政务/政协", "npc": "综合政务/人大"}
# The disclosure block's fixed entries, in the words of the published samples (Cixi 2020):
# 公开范围 and 信息分类 by channel.
DISCLOSURE_SCOPE = "面向社会"
INFORMATION_CLASS = {"cppcc": "政协委员提案", "npc": "人大代表建议"}
# At the top of a PDF attachment's masked text copy, and before each of the original's pages.
TEXT_COPY_NOTICE = "本文件为原附件的文字版本，个人信息已作脱敏处理，版式、图片和印章未保留，以原件为准。"
TEXT_COPY_PAGE = "原件第%d页"
# Added to the name of an attachment's masked copy (a PDF's copy is a text copy).
COPY_SUFFIX = {False: "（脱敏）", True: "（脱敏文字版）"}
TOPIC_MAX = 64
REASON_MAX = 2000
PHRASE_MAX = 100
PHRASES_MAX = 50


@dataclass(frozen=True)
class LetterText:
    """The parts of a reply letter that are published, each a single line of plain text."""

    title: str
    salutation: str
    paragraphs: tuple[str, ...]
    contact: str = ""

    @classmethod
    def of(cls, title: str, salutation: str, paragraphs, contact: str | None = None) -> LetterText:
        def line(text: str | None) -> str:
            return " ".join((text or "").split())

        kept = tuple(p for p in (line(p) for p in paragraphs) if p)
        return cls(line(title), line(salutation), kept, line(contact))

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.title, self.salutation, *self.paragraphs, self.contact)

    @property
    def document(self) -> str:
        return "\n".join(self.lines)

    @property
    def body(self) -> str:
        """The paragraphs, one a line: the published text that search reads."""
        return "\n".join(self.paragraphs)

    def from_lines(self, lines: list[str]) -> LetterText:
        if len(lines) != len(self.lines):
            raise ValueError("the masked letter lost or gained a line")
        return LetterText(lines[0], lines[1], tuple(lines[2:-1]), lines[-1])


@dataclass(frozen=True)
class MaskedLetter:
    original: LetterText
    masked: LetterText
    spans: tuple[Span, ...]  # offsets into original.document

    @property
    def manual_spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((s.start, s.end) for s in self.spans if s.kind == "manual")


def mask_letter(letter: LetterText, rules: MaskingRules, enabled: bool = True) -> MaskedLetter:
    """The masked letter. With masking switched off (an admin setting) only the hand-marked spans
    are applied."""
    document = letter.document
    manual = cut_at_lines(document, rules.manual)
    if enabled:
        rules = replace(rules, manual=manual)
    else:
        rules = MaskingRules(mask_mobiles=False, mask_id_cards=False, mask_emails=False, manual=manual)
    spans = find_spans(document, rules)
    masked = apply(document, spans).split("\n")
    return MaskedLetter(letter, letter.from_lines(masked), tuple(spans))


def text_masker(rules: MaskingRules, phrases: Iterable[str], enabled: bool = True) -> Callable[[str], list[Span]]:
    """What to mask in any other text published with the letter (an attachment's paragraph, a
    cell, a file name): the letter's rules, and the redactor's phrases wherever they occur."""
    phrases = tuple(phrases)
    if not enabled:
        rules = MaskingRules(mask_mobiles=False, mask_id_cards=False, mask_emails=False)

    def spans(text: str) -> list[Span]:
        manual, _missing = phrase_spans(text, [p for p in phrases if p in text])
        return find_spans(text, replace(rules, manual=manual))

    return spans


def cut_at_lines(document: str, spans) -> tuple[tuple[int, int], ...]:
    """Hand-marked spans split where they cross a line end, newlines themselves never masked."""
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = max(0, int(start)), min(len(document), int(end))
        while start < end:
            newline = document.find("\n", start, end)
            stop = end if newline < 0 else newline
            if stop > start:
                cut.append((start, stop))
            start = stop + 1
    return tuple(cut)


def phrase_spans(document: str, phrases) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Every occurrence of each phrase a redactor wants masked, and the phrases not found."""
    spans: list[tuple[int, int]] = []
    missing: list[str] = []
    for phrase in phrases:
        start = document.find(phrase)
        if not phrase or start < 0:
            missing.append(phrase)
            continue
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = document.find(phrase, start + len(phrase))
    return cut_at_lines(document, spans), tuple(missing)


def clean_phrases(text: str | None) -> list[str]:
    """The redactor's phrases, one a line, stripped, without duplicates."""
    phrases: list[str] = []
    for line in (text or "").splitlines():
        phrase = " ".join(line.split())
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases
