"""Render a reply letter (答复函) as DOCX in GB/T 9704-2012's 信函格式 (see layout.py).

The document names its fonts the way 公文 templates do (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312, 宋体) in all four rFonts slots, East Asian included; the reader's Word or WPS
supplies them, or substitutes its own. The section carries a document grid of 22 lines of 28
characters: a line grid (w:docGrid) puts body text on the same 22 lines as the PDF, and the
characters of the Normal style are drawn 0.25 pt closer than their 16 pt (w:spacing), so that
28 of them fit the 156 mm line and justification spreads them evenly. (A character grid,
w:docGrid linesAndChars with a negative w:charSpace, does the same in Word, but LibreOffice
reads it as a wider pitch and sets 17 characters a line.) The banner, title and page numbers
step off the grid (w:snapToGrid 0) to keep their own sizes.

The 版头 lives in the first page's own header (w:titlePg), the way red-head templates do it:
its top edge 30 mm below the top of the page, although the 版心 of every page starts at 37 mm;
Word and LibreOffice push the first page's text down below a header that tall. The red double
lines are paragraph borders, thick over thin under the banner and thin over thick in the first
page's footer, 20 mm above the foot of the page, both widened to 170 mm by negative indents.
Only the later pages' footers carry page numbers. The 版记 (抄送) is a table floated to the
foot of the text area of the last page, without rules.
"""
from __future__ import annotations

import io
import math
from datetime import datetime, time

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from workflow.letters import docx_ooxml as ox
from workflow.letters import layout as L
from workflow.letters.body import Block, BlockKind, parse_body
from workflow.letters.letter import ATTACHMENT_LABEL_CHARS, ReplyLetter

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
RED = RGBColor(*L.RED)
RED_HEX = "".join(f"{channel:02X}" for channel in L.RED)
TWIPS_PER_POINT = 20
CHAR_TWIPS = L.CHAR_PITCH * TWIPS_PER_POINT
# The footer's lower edge: the first page's double line sits on it, 20 mm above the foot of
# the page; the later pages' numbers are lifted to 7 mm under the 版心 (7.5).
FOOTER_DISTANCE_MM = L.FOOT_LINE_MM
PAGE_NUMBER_LIFT_MM = 4.8
# The double lines reach 7 mm past the 156 mm 版心 on either side: 170 mm.
LINE_OVERHANG = Mm((L.DOUBLE_LINE_LENGTH_MM - L.TEXT_WIDTH_MM) / 2)
DOUBLE_LINE_EIGHTHS = round(L.THICK_LINE * 8)  # Word and LibreOffice size the pair by its thick line


def render_docx(letter: ReplyLetter) -> bytes:
    document = Document()
    _set_up_page(document)
    _set_up_default_text(document)
    _set_up_properties(document, letter)
    _add_letter_head(document, letter)
    _add_foot_line(document)
    _add_title(document, letter.title)
    _add_text(document, [(letter.salutation, FANGSONG)], first_indent=0)
    last = None
    for block in parse_body(letter.body):
        last = _add_text(document, _runs(block), first_indent=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    last = _add_attachments(document, letter) or last
    if last is not None:
        # The signature never stands alone on a page (GB/T 9704 7.3.5.1): with widow control
        # off, Word keeps the paragraph's last line with it.
        last.paragraph_format.keep_with_next = True
    _add_signature(document, letter)
    if letter.copy_to_text:
        _add_copy_to(document, letter.copy_to_text)
    _add_page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- page and defaults -------------------------------------------------------------------------


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.TOP_MM), Mm(L.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.LEFT_MM), Mm(L.RIGHT_MM)
    section.header_distance = Mm(L.BANNER_TOP_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.different_first_page_header_footer = True
    ox.set_document_grid(section._sectPr, round(L.LINE_PITCH * TWIPS_PER_POINT))


def char_spacing_twips() -> int:
    """Spacing (negative) that lets 28 characters of 三号 into the 版心 with a little to spare."""
    pitch = L.TEXT_WIDTH / L.CHARS_PER_LINE
    return math.floor((pitch - L.SIZE_3) * TWIPS_PER_POINT) - 1


def _set_up_default_text(document) -> None:
    """仿宋_GB2312 三号, exact 28.95 pt lines, no widow control (it would break the 22-line
    grid) and no automatic space between Chinese and Latin or digits (it would break the 28)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = document.styles["Normal"]
    for rpr in (default_rpr, normal.element.get_or_add_rPr()):
        ox.set_fonts(rpr, FANGSONG)
        ox.set_size(rpr, L.SIZE_3)
        ox.set_east_asian_language(rpr)
    ox.set_char_spacing(normal.element.get_or_add_rPr(), char_spacing_twips())
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(L.LINE_PITCH)
    ppr = normal.element.get_or_add_pPr()
    ox.set_flag(ppr, "w:widowControl", False)
    ox.set_flag(ppr, "w:autoSpaceDE", False)
    ox.set_flag(ppr, "w:autoSpaceDN", False)


def _set_up_properties(document, letter: ReplyLetter) -> None:
    properties = document.core_properties
    properties.title = letter.title
    properties.subject = letter.doc_number
    properties.author = properties.last_modified_by = letter.issuer
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = datetime.combine(letter.date, time())


# -- the parts of the letter ---------------------------------------------------------------------


def _add_letter_head(container, letter: ReplyLetter) -> None:
    """The first page's header: the red banner from 30 mm, the red double line (thick over thin)
    4 mm under it, then 解决类别 and 公开方式 flush left and the 发文字号 flush right on the
    first line under the line, 7/8 of a 三号 character below it."""
    header = container.sections[0].first_page_header
    header.is_linked_to_previous = False
    size, scale = L.banner_size_and_scale(letter.issuer)
    banner = header.paragraphs[0]
    _add_run(banner, letter.issuer, XIAOBIAOSONG, size).font.color.rgb = RED
    _format(banner, line=size, align=WD_ALIGN_PARAGRAPH.CENTER, on_grid=False)
    if scale < 1:
        ox.set_horizontal_scale(banner.runs[0]._r.get_or_add_rPr(), math.floor(scale * 100))
    banner.paragraph_format.left_indent = banner.paragraph_format.right_indent = -LINE_OVERHANG
    ox.set_border(banner._p.get_or_add_pPr(), "bottom", style="thickThinSmallGap", color=RED_HEX,
                  eighths=DOUBLE_LINE_EIGHTHS, space_points=round(L.DOUBLE_LINE_GAP_MM * L.MM))
    rows = list(letter.corner_lines) or [""]
    for index, corner in enumerate(rows):
        row = header.add_paragraph()
        _add_run(row, corner, HEITI, L.SIZE_3)
        if index == 0:
            _add_run(row, "\t" + letter.doc_number, FANGSONG, L.SIZE_3)
            row.paragraph_format.tab_stops.add_tab_stop(Pt(L.TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
        before = L.UNDER_LINE - (L.LINE_PITCH - L.SIZE_3) / 2 if index == 0 else 0
        _format(row, before=max(before, 0), on_grid=False)


def _add_foot_line(document) -> None:
    """The first page's footer: the red double line (thin over thick) 20 mm above the foot."""
    section = document.sections[0]
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    line = footer.paragraphs[0]
    _format(line, line=1, on_grid=False)
    line.paragraph_format.left_indent = line.paragraph_format.right_indent = -LINE_OVERHANG
    ox.set_border(line._p.get_or_add_pPr(), "bottom", style="thinThickSmallGap", color=RED_HEX,
                  eighths=DOUBLE_LINE_EIGHTHS, space_points=0)


def _add_title(document, title: str) -> None:
    """2号 方正小标宋简体, centred, two lines under the 版头 and one line above the text."""
    paragraph = _add_text(
        document, [], size=L.SIZE_2, line=L.TITLE_LEADING, before=2 * L.LINE_PITCH,
        after=L.LINE_PITCH, align=WD_ALIGN_PARAGRAPH.CENTER, on_grid=False,
    )
    first, *others = L.title_lines(title)
    run = _add_run(paragraph, first, XIAOBIAOSONG, L.SIZE_2)
    for line in others:
        run.add_break()
        run.add_text(line)


def _add_attachments(document, letter: ReplyLetter):
    """附件说明 one line under the text, two characters in; later names align with the first."""
    lines = letter.attachment_lines
    paragraph = None
    for index, line in enumerate(lines):
        number = line.removeprefix("附件：").split(".", 1)[0] + "." if len(lines) > 1 else ""
        hanging_start = 2 + ATTACHMENT_LABEL_CHARS + L.text_width_in_chars(number)
        first = 2 if index == 0 else 2 + ATTACHMENT_LABEL_CHARS
        paragraph = _add_text(document, [(line, FANGSONG)], before=L.LINE_PITCH if index == 0 else 0)
        ox.set_char_indents(paragraph._p.get_or_add_pPr(), left=hanging_start, hanging=hanging_start - first,
                            char_twips=CHAR_TWIPS)
    return paragraph


def _add_signature(document, letter: ReplyLetter) -> None:
    """发文机关署名 and 成文日期, right, one line under the text (GB/T 9704 7.3.5.2); the 附注
    in brackets on the next line, two characters in (7.3.6)."""
    issuer_indent, date_indent = L.signature_right_indents(letter.issuer, letter.date_text)
    issuer = _add_text(
        document, [(letter.issuer, FANGSONG)], before=L.LINE_PITCH, right_indent=issuer_indent,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    issuer.paragraph_format.keep_with_next = True
    date = _add_text(
        document, [(letter.date_text, FANGSONG)], right_indent=date_indent, align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    if letter.note_text:
        date.paragraph_format.keep_with_next = True
        _add_text(document, [(letter.note_text, FANGSONG)], first_indent=2)


def _add_copy_to(document, text: str) -> None:
    """版记 of a letter: the 抄送 line alone, 四号, one character in on both sides, no rules."""
    table = document.add_table(rows=1, cols=1)
    section = document.sections[0]
    width = Twips(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)
    chars_per_line = int(L.TEXT_WIDTH / L.SIZE_4) - 2 - 3  # 四号, one character in each side, "抄送："
    lines = 1 + max(0, math.ceil(L.text_width_in_chars(text) - 3 - chars_per_line - 3) // chars_per_line)
    height = Pt(lines * 22 + (L.LINE_PITCH - 22))
    top = Mm(L.PAGE_HEIGHT_MM - L.BOTTOM_MM) - height  # the last line ends on the 版心's lower edge
    ox.float_table_to_page(table, width_twips=width.twips, y_twips=Twips(top).twips)
    row = table.rows[0]
    row.height, row.height_rule = Pt(L.LINE_PITCH), WD_ROW_HEIGHT_RULE.AT_LEAST
    cell = row.cells[0]
    cell.width = width
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    paragraph = cell.paragraphs[0]
    _add_run(paragraph, text, FANGSONG, L.SIZE_4)
    _format(paragraph, line=22, on_grid=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    fmt = paragraph.paragraph_format
    hang = Pt(3 * L.SIZE_4)  # a wrapped line aligns after "抄送："
    fmt.left_indent = Pt(L.SIZE_4) + hang
    fmt.first_line_indent = -hang
    fmt.right_indent = Pt(L.SIZE_4)
    # Word wants a paragraph after a table; this one is a hairline so it never makes a page.
    tail = document.add_paragraph()
    _format(tail, line=1, on_grid=False)


def _add_page_numbers(document) -> None:
    """"— 2 —" in 4号 宋体 from the second page: odd pages right, even pages left, one
    character in (7.5); the first page's footer holds only the double line (10.1)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _format(paragraph, line=18, on_grid=False, align=align, after=Mm(PAGE_NUMBER_LIFT_MM).pt)
        fmt = paragraph.paragraph_format
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(L.SIZE_4)
        else:
            fmt.left_indent = Pt(L.SIZE_4)
        _add_run(paragraph, "— ", SONGTI, L.SIZE_4)
        ox.add_page_field(paragraph, lambda p: _add_run(p, "", SONGTI, L.SIZE_4))
        _add_run(paragraph, " —", SONGTI, L.SIZE_4)


# -- paragraphs and runs -------------------------------------------------------------------------


def _runs(block: Block) -> list[tuple[str, str]]:
    """A body block: "一、" headings in 黑体, "（一）" in 楷体_GB2312, the rest 仿宋_GB2312."""
    rest = [(block.text, FANGSONG)] if block.text else []
    if block.kind is BlockKind.HEADING_1:
        return [(block.heading, HEITI)] + rest
    if block.kind is BlockKind.HEADING_2:
        return [(block.heading, KAITI)] + rest
    return [(block.full_text, FANGSONG)]


def _add_text(
    document, runs: list[tuple[str, str]], *, size: float = L.SIZE_3, color: RGBColor | None = None,
    first_indent: float = 0, right_indent: float = 0, **formatting,
):
    """A paragraph of (text, font) runs; indents are in characters of the grid."""
    paragraph = document.add_paragraph()
    for text, font in runs:
        run = _add_run(paragraph, text, font, size)
        if color is not None:
            run.font.color.rgb = color
    _format(paragraph, **formatting)
    if first_indent or right_indent:
        ox.set_char_indents(
            paragraph._p.get_or_add_pPr(), first_line=first_indent, right=right_indent, char_twips=CHAR_TWIPS,
        )
    return paragraph


def _format(
    paragraph, *, line: float = L.LINE_PITCH, before: float = 0, after: float = 0,
    align: WD_ALIGN_PARAGRAPH | None = None, on_grid: bool = True,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.alignment = align
    if not on_grid:
        ox.set_flag(paragraph._p.get_or_add_pPr(), "w:snapToGrid", False)


def _add_run(paragraph, text: str, font: str, size: float):
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    ox.set_fonts(rpr, font)
    ox.set_size(rpr, size)
    return run
