"""Render a reply letter (答复函) as DOCX, laid out after GB/T 9704-2012.

The document names its fonts the way 公文 templates do (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312, 宋体) in all four rFonts slots, East Asian included; the reader's Word or WPS
supplies them, or substitutes its own. The section carries a document grid of 22 lines of 28
characters (w:docGrid linesAndChars), so body text lands on the same lines as the PDF; the
banner, title and page numbers step off the grid (w:snapToGrid 0) to keep their own sizes.
The 版记 (抄送, 联系人) is a table floated to the foot of the text area of the last page.
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
from workflow.letters.letter import ReplyLetter

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
RED = RGBColor(*L.RED)
RED_HEX = "".join(f"{channel:02X}" for channel in L.RED)
TWIPS_PER_POINT = 20
CHAR_TWIPS = L.CHAR_PITCH * TWIPS_PER_POINT
FOOTER_DISTANCE_MM = 24.8  # puts the page number's dashes 7 mm under the 版心 (7.5)


def render_docx(letter: ReplyLetter) -> bytes:
    document = Document()
    _set_up_page(document)
    _set_up_default_text(document)
    _set_up_properties(document, letter)
    _add_letter_head(document, letter)
    _add_title(document, letter.title)
    _add_text(document, [(letter.salutation, FANGSONG)], first_indent=0)
    for block in parse_body(letter.body):
        last = _add_text(document, _runs(block), first_indent=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if letter.body.strip():
        # The signature never stands alone on a page (GB/T 9704 7.3.5.1): with widow control
        # off, Word keeps the paragraph's last line with it.
        last.paragraph_format.keep_with_next = True
    _add_signature(document, letter)
    rows = [text for text in (letter.copy_to_text, letter.contact) if text]
    if rows:
        _add_imprint(document, rows)
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
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    ox.set_document_grid(section._sectPr, round(L.LINE_PITCH * TWIPS_PER_POINT), _grid_char_space(section))


def _grid_char_space(section) -> int:
    """w:charSpace that fits exactly 28 characters of 三号 into the text width Word computes."""
    text_twips = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    pitch = text_twips / TWIPS_PER_POINT / L.CHARS_PER_LINE
    return math.floor((pitch - L.SIZE_3) * 4096)


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


def _add_letter_head(document, letter: ReplyLetter) -> None:
    """解决类别 and 公开方式 top left in 黑体; the red banner with its top 35 mm under the top of
    the 版心; 发文字号 (and 签发人) two lines under it; the red line 4 mm under that."""
    corner = letter.corner_lines
    for line in corner:
        _add_text(document, [(line, HEITI)], first_indent=0)
    size, scale = L.banner_size_and_scale(letter.issuer)
    banner_before = L.BANNER_TOP_MM * L.MM - len(corner) * L.LINE_PITCH - 0.15 * size
    banner = _add_text(
        document, [(letter.issuer, XIAOBIAOSONG)], size=size, color=RED, line=size * 1.2,
        before=max(banner_before, 0), align=WD_ALIGN_PARAGRAPH.CENTER, on_grid=False,
    )
    if scale < 1:
        ox.set_horizontal_scale(banner.runs[0]._r.get_or_add_rPr(), math.floor(scale * 100))
    if letter.signer.strip():
        number = _add_text(
            document,
            [("\t" + letter.doc_number + "\t签发人：", FANGSONG), (letter.signer.strip(), KAITI)],
            before=2 * L.LINE_PITCH,
        )
        tabs = number.paragraph_format.tab_stops
        tabs.add_tab_stop(Pt(L.CHAR_PITCH), WD_TAB_ALIGNMENT.LEFT)
        tabs.add_tab_stop(Pt(L.TEXT_WIDTH - L.CHAR_PITCH), WD_TAB_ALIGNMENT.RIGHT)
    else:
        number = _add_text(
            document, [(letter.doc_number, FANGSONG)], before=2 * L.LINE_PITCH,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    ox.set_bottom_border(
        number._p.get_or_add_pPr(), color=RED_HEX, eighths=round(L.RED_LINE_WIDTH * 8), space_points=5,
    )


def _add_title(document, title: str) -> None:
    """2号 方正小标宋简体, centred, two lines under the red line and one line above the text."""
    paragraph = _add_text(
        document, [], size=L.SIZE_2, line=L.TITLE_LEADING, before=2 * L.LINE_PITCH,
        after=L.LINE_PITCH, align=WD_ALIGN_PARAGRAPH.CENTER, on_grid=False,
    )
    first, *others = L.title_lines(title)
    run = _add_run(paragraph, first, XIAOBIAOSONG, L.SIZE_2)
    for line in others:
        run.add_break()
        run.add_text(line)


def _add_signature(document, letter: ReplyLetter) -> None:
    """发文机关署名 and 成文日期, right, one line under the text (GB/T 9704 7.3.5.2)."""
    issuer_indent, date_indent = L.signature_right_indents(letter.issuer, letter.date_text)
    issuer = _add_text(
        document, [(letter.issuer, FANGSONG)], before=L.LINE_PITCH, right_indent=issuer_indent,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    issuer.paragraph_format.keep_with_next = True
    _add_text(
        document, [(letter.date_text, FANGSONG)], right_indent=date_indent, align=WD_ALIGN_PARAGRAPH.RIGHT,
    )


def _add_imprint(document, rows: list[str]) -> None:
    """版记: 四号, one character in on both sides, thick rules outside and thin ones between."""
    table = document.add_table(rows=len(rows), cols=1)
    section = document.sections[0]
    width = Twips(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)
    ox.float_table_to_page_foot(table, width_twips=width.twips)
    ox.set_table_rules(table, outer_eighths=round(L.RULE_THICK * 8), inner_eighths=round(L.RULE_THIN * 8))
    for row, text in zip(table.rows, rows, strict=True):
        row.height, row.height_rule = Pt(L.LINE_PITCH), WD_ROW_HEIGHT_RULE.AT_LEAST
        cell = row.cells[0]
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        _add_run(paragraph, text, FANGSONG, L.SIZE_4)
        _format(paragraph, line=22, on_grid=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        fmt = paragraph.paragraph_format
        hang = Pt(3 * L.SIZE_4) if text.startswith("抄送：") else Pt(0)
        fmt.left_indent = Pt(L.SIZE_4) + hang
        fmt.first_line_indent = -hang
        fmt.right_indent = Pt(L.SIZE_4)
    # Word wants a paragraph after a table; this one is a hairline so it never makes a page.
    tail = document.add_paragraph()
    _format(tail, line=1, on_grid=False)


def _add_page_numbers(document) -> None:
    """"— 1 —" in 4号 宋体: odd pages right, even pages left, one character in (7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _format(paragraph, line=18, on_grid=False, align=align)
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
