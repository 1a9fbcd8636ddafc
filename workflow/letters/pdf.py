"""Render a reply letter (答复函) as PDF in GB/T 9704-2012's 信函格式 (see layout.py).

ReportLab's platypus fills two page templates: the first page, whose frame starts 30 mm below
the top edge with the `LetterHead` and ends just above the second red double line, and the
later pages, whose frame is the 版心 and which carry page numbers. The text flows through
them as `CjkParagraph` (Chinese lines on the 28 × 22 grid, justified; see its module for why
not ReportLab's own Paragraph): title, 主送, body, 附件说明, 署名 and 成文日期, 附注, then
`_CopyTo` (the 版记) at the foot of the last page.

Fonts come from `fonts.load_pdf_fonts`, which documents each role's faces and the fallback.
"""
from __future__ import annotations

import functools
import io
from dataclasses import replace

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate, PageTemplate, Spacer

from workflow.letters import layout as L
from workflow.letters.body import Block, BlockKind, parse_body
from workflow.letters.cjk_paragraph import CjkParagraph, Run
from workflow.letters.fonts import PdfFonts, load_pdf_fonts
from workflow.letters.letter import ATTACHMENT_LABEL_CHARS, ReplyLetter
from workflow.letters.pdf_page import LetterHead, draw_first_page, draw_page_number, runs

# The first page's text may come down to 7/8 of a 三号 character above the second double line.
FIRST_PAGE_BOTTOM = (L.FOOT_LINE_MM * L.MM + L.DOUBLE_LINE_HEIGHT + L.UNDER_LINE
                     - (L.LINE_PITCH - L.SIZE_3) / 2)
FIRST_PAGE_TOP = L.PAGE_HEIGHT - L.BANNER_TOP_MM * L.MM


def render_pdf(letter: ReplyLetter, *, fonts: PdfFonts | None = None) -> bytes:
    """The letter as PDF bytes; `fonts` overrides the fonts found on this machine."""
    fonts = fonts or load_pdf_fonts()
    letter = _printable(letter, fonts)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=(L.PAGE_WIDTH, L.PAGE_HEIGHT),
        leftMargin=L.LEFT_MM * L.MM,
        rightMargin=L.RIGHT_MM * L.MM,
        topMargin=L.TOP_MM * L.MM,
        bottomMargin=L.BOTTOM_MM * L.MM,
        title=letter.title,
        author=letter.issuer,
        subject=letter.doc_number,
        creator="proposal-reply workflow",
        lang="zh-CN",
        invariant=1,
    )
    first = _frame("first", FIRST_PAGE_BOTTOM, FIRST_PAGE_TOP - FIRST_PAGE_BOTTOM)
    later = _frame("text", L.BOTTOM_MM * L.MM, L.TEXT_HEIGHT)
    document.addPageTemplates([
        PageTemplate(id="first", frames=[first], onPage=draw_first_page),
        PageTemplate(id="later", frames=[later], onPage=functools.partial(draw_page_number, fonts=fonts)),
    ])
    document.build([NextPageTemplate("later"), *_story(letter, fonts)])
    return buffer.getvalue()


def _frame(name: str, bottom: float, height: float) -> Frame:
    return Frame(L.LEFT_MM * L.MM, bottom, L.TEXT_WIDTH, height,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)


def _printable(letter: ReplyLetter, fonts: PdfFonts) -> ReplyLetter:
    text_fields = ("issuer", "doc_number", "title", "salutation", "body", "contact")
    changes = {name: fonts.printable(value) for name in text_fields if (value := getattr(letter, name))}
    changes["copy_to"] = tuple(fonts.printable(name) for name in letter.copy_to)
    changes["attachments"] = tuple(fonts.printable(name) for name in letter.attachments)
    return replace(letter, **changes)


def _story(letter: ReplyLetter, fonts: PdfFonts) -> list[Flowable]:
    story: list[Flowable] = [LetterHead(letter, fonts)]
    story += [
        CjkParagraph(runs(fonts.title, line, L.SIZE_2), size=L.SIZE_2, leading=L.TITLE_LEADING, align="center")
        for line in L.title_lines(letter.title)
    ]
    story.append(Spacer(0, L.LINE_PITCH))  # 标题下空一行
    story.append(_body_paragraph(runs(fonts.body, letter.salutation, L.SIZE_3), first_indent=0))
    story += [_body_paragraph(_block_runs(block, fonts)) for block in parse_body(letter.body)]
    story += _attachment_list(letter, fonts)
    # The signature never stands alone on a page (GB/T 9704 7.3.5.1): the text's last line
    # goes with it.
    kept_with_signature: list[Flowable] = []
    if isinstance(story[-1], CjkParagraph):
        head, last_line = story.pop().split_last_line(L.TEXT_WIDTH)
        story += [head] if head else []
        kept_with_signature.append(last_line)
    issuer_indent, date_indent = L.signature_right_indents(letter.issuer, letter.date_text)
    signature = [
        Spacer(0, L.LINE_PITCH),  # 正文（或附件说明）下空一行
        _body_paragraph(runs(fonts.body, letter.issuer, L.SIZE_3), align="right", right_indent=issuer_indent),
        _body_paragraph(runs(fonts.body, letter.date_text, L.SIZE_3), align="right", right_indent=date_indent),
    ]
    if letter.note_text:  # 附注: 居左空二字加圆括号编排在成文日期下一行 (7.3.6)
        signature.append(_body_paragraph(runs(fonts.body, letter.note_text, L.SIZE_3), align="left"))
    story.append(KeepTogether(kept_with_signature + signature))
    if letter.copy_to_text:
        story.append(_CopyTo(letter.copy_to_text, fonts))
    return story


def _attachment_list(letter: ReplyLetter, fonts: PdfFonts) -> list[Flowable]:
    """附件说明: a line under the text, two characters in; a name that wraps, and the names
    after the first, align with the first name (7.3.4)."""
    lines = letter.attachment_lines
    if not lines:
        return []
    flowables: list[Flowable] = [Spacer(0, L.LINE_PITCH)]
    for index, line in enumerate(lines):
        start = 2 if index == 0 else 2 + ATTACHMENT_LABEL_CHARS
        number = line.removeprefix("附件：").split(".", 1)[0] + "." if len(lines) > 1 else ""
        indent = 2 + ATTACHMENT_LABEL_CHARS + L.text_width_in_chars(number)
        flowables.append(_body_paragraph(runs(fonts.body, line, L.SIZE_3), first_indent=start, indent=indent,
                                         align="left"))
    return flowables


def _body_paragraph(runs_: list[Run], *, first_indent: float = 2, **options) -> CjkParagraph:
    """三号 on the grid: 28 characters a line, 22 lines a page."""
    return CjkParagraph(
        runs_, size=L.SIZE_3, leading=L.LINE_PITCH, pitch=L.CHAR_PITCH, first_indent=first_indent, **options
    )


def _block_runs(block: Block, fonts: PdfFonts) -> list[Run]:
    """A body block: the heading part in its face (一、 黑体, （一） 楷体), the rest 仿宋."""
    rest = runs(fonts.body, block.text, L.SIZE_3) if block.text else []
    if block.kind is BlockKind.HEADING_1:
        return runs(fonts.hei, block.heading, L.SIZE_3) + rest
    if block.kind is BlockKind.HEADING_2:
        return runs(fonts.kai, block.heading, L.SIZE_3) + rest
    return runs(fonts.body, block.full_text, L.SIZE_3)


class _CopyTo(Flowable):
    """The 版记 of a letter: the 抄送 line alone, in 四号 仿宋, one character in from either
    side, a wrapped line aligned after the colon, at the foot of the last page's 版心; no
    separator lines, no 印发机关 or 印发日期 (7.4.2, 10.1).

    The flowable takes all the height left on the page, so the line ends on the last line of
    the 版心; when the page has too little left, it moves to a page of its own.
    """

    LEADING = 22.0

    def __init__(self, text: str, fonts: PdfFonts) -> None:
        super().__init__()
        label = len("抄送：")
        self.paragraph = CjkParagraph(
            runs(fonts.body, text, L.SIZE_4), size=L.SIZE_4, leading=self.LEADING,
            first_indent=1, indent=1 + label, right_indent=1, align="justify",
        )
        self.text_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.text_height = self.paragraph.wrap(available_width, available_height)[1]
        self.width = available_width
        self.height = max(available_height, self.text_height)
        return available_width, self.height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)
