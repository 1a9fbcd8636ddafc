"""What the PDF letter draws at fixed places rather than in the flow of text: the 版头 of the
信函格式 (发文机关标志, the first red double line, 发文字号), the second red double line at the
foot of the first page, and the page numbers of the later pages. Geometry in layout.py."""
from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from workflow.letters import layout as L
from workflow.letters.cjk_paragraph import ASCENT, Run
from workflow.letters.fonts import FAKE_BOLD, FontChain, PdfFonts
from workflow.letters.letter import ReplyLetter

RED = Color(*(channel / 255 for channel in L.RED))
LINE_LEFT = (L.TEXT_WIDTH - L.DOUBLE_LINE_LENGTH_MM * L.MM) / 2  # from the 版心's left edge


def runs(chain: FontChain, text: str, size: float) -> list[Run]:
    """`text` in the faces of its role, stroked where a face stands in for a bold one."""
    return [
        Run(piece, face.name, FAKE_BOLD * size if face.fake_bold else 0.0)
        for piece, face in chain.pieces(text)
    ]


class LetterHead(Flowable):
    """版头 of the 信函格式, at the top of the first page's frame, which starts 30 mm below the
    top edge of the page: the red banner, the red double line (thick over thin) 4 mm under it,
    then 解决类别 and 公开方式 flush left and the 发文字号 flush right on the first line under
    the double line, 7/8 of a 三号 character below it. The flowable ends two lines above the
    title (GB/T 9704-2012 10.1)."""

    def __init__(self, letter: ReplyLetter, fonts: PdfFonts) -> None:
        super().__init__()
        self.letter, self.fonts = letter, fonts
        self.banner_size, self.banner_scale = L.banner_size_and_scale(letter.issuer)
        self.banner_baseline = ASCENT * self.banner_size
        self.line_top = self.banner_size + L.DOUBLE_LINE_GAP_MM * L.MM
        first_row_top = self.line_top + L.DOUBLE_LINE_HEIGHT + L.UNDER_LINE
        self.first_baseline = first_row_top + ASCENT * L.SIZE_3
        rows = max(len(letter.corner_lines), 1)
        last_line_bottom = first_row_top + L.SIZE_3 + (L.LINE_PITCH - L.SIZE_3) / 2 + (rows - 1) * L.LINE_PITCH
        self.height = last_line_bottom + 2 * L.LINE_PITCH

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas, fonts, letter = self.canv, self.fonts, self.letter
        banner_width = line_width(fonts.title, letter.issuer, self.banner_size) * self.banner_scale
        draw_line(canvas, (self.width - banner_width) / 2, self._y(self.banner_baseline), fonts.title,
                  letter.issuer, self.banner_size, color=RED, scale=self.banner_scale)
        draw_double_line(canvas, self._y(self.line_top), thick_first=True)
        for row, line in enumerate(letter.corner_lines):
            draw_line(canvas, 0, self._y(self.first_baseline + row * L.LINE_PITCH), fonts.hei, line, L.SIZE_3)
        number_width = line_width(fonts.body, letter.doc_number, L.SIZE_3)
        draw_line(canvas, self.width - number_width, self._y(self.first_baseline), fonts.body,
                  letter.doc_number, L.SIZE_3)

    def _y(self, offset_from_top: float) -> float:
        return self.height - offset_from_top


def draw_double_line(canvas: Canvas, top: float, *, thick_first: bool, left: float = LINE_LEFT) -> None:
    """A red double line 170 mm long whose upper edge is at `top`: thick over thin (文武线, under
    the banner) or thin over thick (at the foot of the first page)."""
    widths = (L.THICK_LINE, L.THIN_LINE) if thick_first else (L.THIN_LINE, L.THICK_LINE)
    canvas.saveState()
    canvas.setFillColor(RED)
    y = top
    for width in widths:
        canvas.rect(left, y - width, L.DOUBLE_LINE_LENGTH_MM * L.MM, width, stroke=0, fill=1)
        y -= width + L.LINE_GAP
    canvas.restoreState()


def draw_first_page(canvas: Canvas, _document: BaseDocTemplate) -> None:
    """The second red double line (thin over thick), its lower edge 20 mm above the foot of the
    page; no page number on the first page."""
    top = L.FOOT_LINE_MM * L.MM + L.DOUBLE_LINE_HEIGHT
    draw_double_line(canvas, top, thick_first=False, left=L.LEFT_MM * L.MM + LINE_LEFT)


def draw_page_number(canvas: Canvas, _document: BaseDocTemplate, fonts: PdfFonts) -> None:
    """"— 2 —" in 四号 under the 版心, odd pages right and even pages left, one character in
    (7.5); the first page has none (10.1)."""
    number = canvas.getPageNumber()
    text = f"— {number} —"
    baseline = L.BOTTOM_MM * L.MM - L.PAGE_NUMBER_GAP_MM * L.MM - 0.35 * L.SIZE_4
    width = line_width(fonts.body, text, L.SIZE_4)
    if number % 2:
        x = L.PAGE_WIDTH - L.RIGHT_MM * L.MM - L.SIZE_4 - width
    else:
        x = L.LEFT_MM * L.MM + L.SIZE_4
    draw_line(canvas, x, baseline, fonts.body, text, L.SIZE_4)


def line_width(chain: FontChain, text: str, size: float) -> float:
    return sum(stringWidth(piece, face.name, size) for piece, face in chain.pieces(text))


def draw_line(
    canvas: Canvas, x: float, y: float, chain: FontChain, text: str, size: float,
    *, color: Color = black, scale: float = 1.0,
) -> None:
    """One line of text in the faces of its role; `scale` narrows the glyphs."""
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    canvas.setLineWidth(FAKE_BOLD * size)  # used only by the runs drawn stroked
    line = canvas.beginText(x, y)
    if scale != 1.0:
        line.setHorizScale(scale * 100)
    for run in runs(chain, text, size):
        line.setFont(run.font, size)
        line.setTextRenderMode(2 if run.stroke else 0)
        line.textOut(run.text)
    canvas.drawText(line)
    canvas.restoreState()
