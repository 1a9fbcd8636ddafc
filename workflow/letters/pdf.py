"""Render a reply letter (答复函) as PDF, laid out after GB/T 9704-2012.

ReportLab's platypus places the flowables on A4 pages with the 版心 as its one frame:
`_LetterHead` (the 版头, drawn at the positions the standard gives), the title, the salutation
and body as `CjkParagraph` (Chinese lines on the 28 × 22 grid, justified; see its module for
why not ReportLab's own Paragraph), the signature and date, and `_Imprint` (版记) at the foot
of the last page. Page numbers are drawn by the page template.

Fonts come from `fonts.load_pdf_fonts`, which documents the fallback to ``STSong-Light``.
"""
from __future__ import annotations

import functools
import io
from dataclasses import replace

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from workflow.letters import layout as L
from workflow.letters.body import Block, BlockKind, parse_body
from workflow.letters.cjk_paragraph import ASCENT, CjkParagraph, Run
from workflow.letters.fonts import PdfFonts, load_pdf_fonts
from workflow.letters.letter import ReplyLetter

RED = Color(*(channel / 255 for channel in L.RED))
DESCENT = 1 - ASCENT
# Stroke widths that imitate 小标宋 and 黑体 when only a Song face is at hand.
TITLE_STROKE, BANNER_STROKE, HEI_STROKE = 0.5, 0.9, 0.4


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
    frame = Frame(
        document.leftMargin, document.bottomMargin, L.TEXT_WIDTH, L.TEXT_HEIGHT,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text",
    )
    page_number = functools.partial(_draw_page_number, fonts=fonts)
    document.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPage=page_number)])
    document.build(_story(letter, fonts))
    return buffer.getvalue()


def _printable(letter: ReplyLetter, fonts: PdfFonts) -> ReplyLetter:
    text_fields = ("issuer", "doc_number", "signer", "title", "salutation", "body", "contact")
    changes = {name: fonts.printable(value) for name in text_fields if (value := getattr(letter, name))}
    changes["copy_to"] = tuple(fonts.printable(name) for name in letter.copy_to)
    return replace(letter, **changes)


def _story(letter: ReplyLetter, fonts: PdfFonts) -> list[Flowable]:
    title_stroke = TITLE_STROKE if fonts.fake_bold_title else 0
    story: list[Flowable] = [_LetterHead(letter, fonts)]
    story += [
        CjkParagraph([Run(line, fonts.title, title_stroke)], size=L.SIZE_2, leading=L.TITLE_LEADING, align="center")
        for line in L.title_lines(letter.title)
    ]
    story.append(Spacer(0, L.LINE_PITCH))  # 标题下空一行
    story.append(_body_paragraph([Run(letter.salutation, fonts.body)], first_indent=0))
    story += [_body_paragraph(_runs(block, fonts)) for block in parse_body(letter.body)]
    # The signature never stands alone on a page (GB/T 9704 7.3.5.1): the text's last line
    # goes with it.
    kept_with_signature: list[Flowable] = []
    if isinstance(story[-1], CjkParagraph):
        head, last_line = story.pop().split_last_line(L.TEXT_WIDTH)
        story += [head] if head else []
        kept_with_signature.append(last_line)
    issuer_indent, date_indent = L.signature_right_indents(letter.issuer, letter.date_text)
    story.append(KeepTogether(kept_with_signature + [
        Spacer(0, L.LINE_PITCH),  # 正文下空一行
        _body_paragraph([Run(letter.issuer, fonts.body)], align="right", right_indent=issuer_indent),
        _body_paragraph([Run(letter.date_text, fonts.body)], align="right", right_indent=date_indent),
    ]))
    rows = [text for text in (letter.copy_to_text, letter.contact) if text]
    if rows:
        story.append(_Imprint(rows, fonts))
    return story


def _body_paragraph(runs: list[Run], *, first_indent: float = 2, **options) -> CjkParagraph:
    """三号 on the grid: 28 characters a line, 22 lines a page."""
    return CjkParagraph(
        runs, size=L.SIZE_3, leading=L.LINE_PITCH, pitch=L.CHAR_PITCH, first_indent=first_indent, **options
    )


def _runs(block: Block, fonts: PdfFonts) -> list[Run]:
    """A body block: the heading part in its GB/T 9704 face (一、 黑体, （一） 楷体), the rest 仿宋."""
    rest = [Run(block.text, fonts.body)] if block.text else []
    if block.kind is BlockKind.HEADING_1:
        return [Run(block.heading, fonts.hei, HEI_STROKE if fonts.fake_bold_hei else 0)] + rest
    if block.kind is BlockKind.HEADING_2:
        return [Run(block.heading, fonts.kai)] + rest
    return [Run(block.full_text, fonts.body)]


class _LetterHead(Flowable):
    """版头: 解决类别 and 公开方式 top left, the red banner, 发文字号 and 签发人, the red line.

    Positions follow GB/T 9704-2012 7.2: the banner's top edge 35 mm below the top of the 版心,
    the 发文字号 two lines under the banner, the red line 4 mm under the 发文字号, and the title
    two lines under the red line (where this flowable ends).
    """

    def __init__(self, letter: ReplyLetter, fonts: PdfFonts) -> None:
        super().__init__()
        self.letter, self.fonts = letter, fonts
        self.banner_size, self.banner_scale = L.banner_size_and_scale(letter.issuer)
        self.banner_baseline = L.BANNER_TOP_MM * L.MM + ASCENT * self.banner_size
        banner_bottom = self.banner_baseline + DESCENT * self.banner_size
        self.number_baseline = banner_bottom + 2 * L.LINE_PITCH + _baseline_in_line(L.SIZE_3)
        self.red_line = self.number_baseline + DESCENT * L.SIZE_3 + L.RED_LINE_GAP_MM * L.MM
        self.height = self.red_line + 2 * L.LINE_PITCH

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas, fonts, letter = self.canv, self.fonts, self.letter
        for row, line in enumerate(letter.corner_lines):
            baseline = row * L.LINE_PITCH + _baseline_in_line(L.SIZE_3)
            stroke = HEI_STROKE if fonts.fake_bold_hei else 0
            _draw_text(canvas, 0, self._y(baseline), line, fonts.hei, L.SIZE_3, stroke=stroke)
        banner_width = stringWidth(letter.issuer, fonts.title, self.banner_size) * self.banner_scale
        _draw_text(
            canvas, (self.width - banner_width) / 2, self._y(self.banner_baseline), letter.issuer,
            fonts.title, self.banner_size, color=RED, scale=self.banner_scale,
            stroke=BANNER_STROKE if fonts.fake_bold_title else 0,
        )
        self._draw_number_line()
        canvas.saveState()
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(L.RED_LINE_WIDTH)
        canvas.line(0, self._y(self.red_line), self.width, self._y(self.red_line))
        canvas.restoreState()

    def _draw_number_line(self) -> None:
        """发文字号 centred; with a 签发人, 发文字号 left and 签发人 right, one character in (7.2.6)."""
        canvas, fonts, letter = self.canv, self.fonts, self.letter
        y = self._y(self.number_baseline)
        number_width = stringWidth(letter.doc_number, fonts.body, L.SIZE_3)
        if not letter.signer.strip():
            _draw_text(canvas, (self.width - number_width) / 2, y, letter.doc_number, fonts.body, L.SIZE_3)
            return
        _draw_text(canvas, L.CHAR_PITCH, y, letter.doc_number, fonts.body, L.SIZE_3)
        label, name = "签发人：", letter.signer.strip()
        name_x = self.width - L.CHAR_PITCH - stringWidth(name, fonts.kai, L.SIZE_3)
        label_x = name_x - stringWidth(label, fonts.body, L.SIZE_3)
        _draw_text(canvas, label_x, y, label, fonts.body, L.SIZE_3)
        _draw_text(canvas, name_x, y, name, fonts.kai, L.SIZE_3)

    def _y(self, offset_from_top: float) -> float:
        return self.height - offset_from_top


class _Imprint(Flowable):
    """版记 at the foot of the last page: a thick rule, the rows parted by thin rules, a thick
    rule on the bottom edge of the 版心 (GB/T 9704-2012 7.4). Rows are set in 四号, one
    character in from either side; a 抄送 row that wraps aligns under the text after its colon.

    The flowable takes all the height left on the page, so the rows end on the last line; when
    the page has too little left, it moves to a page of its own.
    """

    ROW_LEADING = 22.0
    PADDING = L.LINE_PITCH - ROW_LEADING  # a one-line row is one grid line high

    def __init__(self, rows: list[str], fonts: PdfFonts) -> None:
        super().__init__()
        self.paragraphs = [self._row(text, fonts) for text in rows]
        self.row_heights: list[float] = []

    @staticmethod
    def _row(text: str, fonts: PdfFonts) -> CjkParagraph:
        label = text.split("：", 1)[0] + "：" if text.startswith("抄送：") else ""
        return CjkParagraph(
            [Run(text, fonts.body)], size=L.SIZE_4, leading=_Imprint.ROW_LEADING,
            first_indent=1, indent=1 + len(label), right_indent=1, align="justify",
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.row_heights = [
            row.wrap(available_width, available_height)[1] + self.PADDING for row in self.paragraphs
        ]
        self.width = available_width
        self.height = max(available_height, sum(self.row_heights))
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(black)
        top = sum(self.row_heights)
        self._rule(top, L.RULE_THICK)
        for index, (row, height) in enumerate(zip(self.paragraphs, self.row_heights, strict=True)):
            top -= height
            row.drawOn(canvas, 0, top + self.PADDING / 2)
            self._rule(top, L.RULE_THICK if index == len(self.paragraphs) - 1 else L.RULE_THIN)
        canvas.restoreState()

    def _rule(self, y: float, width: float) -> None:
        self.canv.setLineWidth(width)
        self.canv.line(0, y, self.width, y)


def _draw_page_number(canvas: Canvas, _document: BaseDocTemplate, fonts: PdfFonts) -> None:
    """"— 1 —" in 四号 under the 版心, odd pages right and even pages left, one character in (7.5)."""
    number = canvas.getPageNumber()
    text = f"— {number} —"
    baseline = L.BOTTOM_MM * L.MM - L.PAGE_NUMBER_GAP_MM * L.MM - 0.35 * L.SIZE_4
    canvas.saveState()
    canvas.setFont(fonts.body, L.SIZE_4)
    if number % 2:
        canvas.drawRightString(L.PAGE_WIDTH - L.RIGHT_MM * L.MM - L.SIZE_4, baseline, text)
    else:
        canvas.drawString(L.LEFT_MM * L.MM + L.SIZE_4, baseline, text)
    canvas.restoreState()


def _draw_text(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float,
    *, color: Color = black, scale: float = 1.0, stroke: float = 0,
) -> None:
    """One line of text; `scale` narrows the glyphs, `stroke` > 0 imitates a bold face."""
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    canvas.setLineWidth(stroke or 1)
    line = canvas.beginText(x, y)
    line.setFont(font, size)
    if scale != 1.0:
        line.setHorizScale(scale * 100)
    line.setTextRenderMode(2 if stroke else 0)
    line.textOut(text)
    canvas.drawText(line)
    canvas.restoreState()


def _baseline_in_line(size: float) -> float:
    """Baseline of a character centred in a grid line of LINE_PITCH, from the line's top."""
    return (L.LINE_PITCH - size) / 2 + ASCENT * size
