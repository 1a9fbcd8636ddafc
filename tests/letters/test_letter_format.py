"""The reply is a letter in GB/T 9704-2012's 信函格式 (10.1), in the PDF and in the DOCX.

Positions are measured on the PDF twice: from the text the PDF places (pypdf) and from the page
rendered as a picture (pdftoppm), where the red double lines must show as red bands at their
heights, thick over thin under the banner and thin over thick at the foot of the first page.
"""
from __future__ import annotations

import io
import subprocess
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from tests.letters.test_letters import BODY, LETTER
from workflow.letters import layout
from workflow.letters.docx import render_docx
from workflow.letters.pdf import render_pdf

DPI = 150
PX_PER_MM = DPI / 25.4
PT_PER_MM = layout.MM
LONG = replace(LETTER, body="\n".join([BODY] * 3), copy_to=(), contact=None, attachments=())


@pytest.fixture(scope="module")
def pdf_bytes():
    return render_pdf(LETTER)


@pytest.fixture(scope="module")
def reader(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


@pytest.fixture(scope="module")
def pictures(pdf_bytes, tmp_path_factory):
    """Pages 1 and 2 as RGB pictures."""
    folder = tmp_path_factory.mktemp("pages")
    (folder / "letter.pdf").write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "2", "letter.pdf", "page"],
                   cwd=folder, check=True)
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob("page-*.png"))]


def _is_red(pixel) -> bool:
    red, green, blue = pixel
    return red > 170 and green < 110 and blue < 110


def _red_rows(picture: Image.Image) -> dict[int, list[int]]:
    pixels, (width, height) = picture.load(), picture.size
    rows = {}
    for y in range(height):
        xs = [x for x in range(0, width) if _is_red(pixels[x, y])]
        if xs:
            rows[y] = xs
    return rows


def _bands(rows: dict[int, list[int]], width: int) -> list[tuple[float, float, float, float]]:
    """Runs of rows red across more than half the page: (top, bottom, left, right) in mm."""
    lines = sorted(y for y, xs in rows.items() if len(xs) > width / 2)
    bands: list[list[int]] = []
    for y in lines:
        if bands and y == bands[-1][-1] + 1:
            bands[-1].append(y)
        else:
            bands.append([y])
    return [(band[0] / PX_PER_MM, (band[-1] + 1) / PX_PER_MM, min(rows[band[0]]) / PX_PER_MM,
             (max(rows[band[0]]) + 1) / PX_PER_MM) for band in bands]


def _placed(page) -> list[tuple[str, float, float, str]]:
    """(text, x, y, font) of every piece of text on the page, x and y in mm from the bottom left."""
    found = []

    def visit(text, cm, tm, font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text, x / PT_PER_MM, y / PT_PER_MM, str(font.get("/BaseFont", "")) if font else ""))

    page.extract_text(visitor_text=visit)
    return found


def _piece(page, text: str) -> tuple[str, float, float, str]:
    """The line (pieces on one baseline, joined) holding `text`: (text, x of its first piece, y,
    fonts). A line is cut into pieces where the face changes."""
    lines: dict[float, list[tuple[str, float, float, str]]] = {}
    for piece in _placed(page):
        lines.setdefault(round(piece[2], 1), []).append(piece)
    for y, pieces in lines.items():
        pieces.sort(key=lambda piece: piece[1])
        joined = "".join(piece[0] for piece in pieces)
        if text in joined:
            return joined, pieces[0][1], y, " ".join(piece[3] for piece in pieces)
    raise AssertionError(text)


# -- the PDF as pictures ---------------------------------------------------------------------------


def test_red_double_lines_frame_the_first_page(pictures):
    first = pictures[0]
    bands = _bands(_red_rows(first), first.size[0])
    assert len(bands) == 4, bands
    banner_bottom = layout.BANNER_TOP_MM + layout.BANNER_SIZE / PT_PER_MM
    (thick_top, thick_bottom, *_), (thin_top, thin_bottom, *_) = bands[:2]
    # thick over thin, 4 mm under the banner's lower edge
    assert thick_top == pytest.approx(banner_bottom + layout.DOUBLE_LINE_GAP_MM, abs=0.3)
    assert thick_bottom - thick_top > thin_bottom - thin_top
    # thin over thick, the lower edge 20 mm above the foot of the page
    (thin_top, thin_bottom, *_), (thick_top, thick_bottom, *_) = bands[2:]
    assert thick_bottom - thick_top > thin_bottom - thin_top
    assert layout.PAGE_HEIGHT_MM - thick_bottom == pytest.approx(layout.FOOT_LINE_MM, abs=0.3)
    for _, _, left, right in bands:  # 170 mm, centred on the 版心 (28 mm + 156 mm / 2 = 106 mm)
        assert (left, right) == pytest.approx((21, 191), abs=0.5)


def test_the_banner_is_red_from_30_mm_below_the_top_edge(pictures):
    rows = _red_rows(pictures[0])
    top = min(rows) / PX_PER_MM
    assert layout.BANNER_TOP_MM <= top <= layout.BANNER_TOP_MM + 1.5
    # centred on the 版心
    banner_rows = [y for y in rows if y / PX_PER_MM < top + 10]
    left = min(min(rows[y]) for y in banner_rows) / PX_PER_MM
    right = max(max(rows[y]) for y in banner_rows) / PX_PER_MM
    assert (left + right) / 2 == pytest.approx(layout.LEFT_MM + layout.TEXT_WIDTH_MM / 2, abs=1)


def test_later_pages_carry_no_red(pictures):
    assert not _red_rows(pictures[1])


def test_document_number_stands_flush_right_under_the_double_line(pictures, reader):
    first = pictures[0]
    bands = _bands(_red_rows(first), first.size[0])
    line_bottom = bands[1][1]
    _, _, baseline, _ = _piece(reader.pages[0], "金经信办建")
    characters_top = layout.PAGE_HEIGHT_MM - baseline - 0.88 * layout.SIZE_3 / PT_PER_MM
    assert characters_top - line_bottom == pytest.approx(layout.UNDER_LINE / PT_PER_MM, abs=0.4)
    # the row of the number: ink ends at the 版心's right edge, and 解决类别 starts at its left
    pixels = first.load()
    top, bottom = round(characters_top * PX_PER_MM), round((characters_top + 5.6) * PX_PER_MM)
    ink = [x for y in range(top, bottom) for x in range(first.size[0]) if sum(pixels[x, y]) < 300]
    assert max(ink) / PX_PER_MM == pytest.approx(layout.PAGE_WIDTH_MM - layout.RIGHT_MM, abs=1)
    assert min(ink) / PX_PER_MM == pytest.approx(layout.LEFT_MM, abs=1)


# -- the PDF's text ----------------------------------------------------------------------------------


def test_no_signer_no_page_number_on_the_first_page_and_numbers_after(reader):
    first = reader.pages[0].extract_text()
    assert "签发人" not in first and "— 1 —" not in first
    for number, page in enumerate(reader.pages[1:], start=2):
        assert f"— {number} —" in page.extract_text()


def test_long_letter_numbers_every_page_but_the_first():
    pages = PdfReader(io.BytesIO(render_pdf(LONG))).pages
    assert len(pages) >= 15
    assert "—" not in pages[0].extract_text()
    for number, page in enumerate(pages[1:], start=2):
        assert f"— {number} —" in page.extract_text()
    assert "抄送" not in "".join(page.extract_text() for page in pages)


def test_the_copy_list_is_the_only_imprint_and_ends_the_last_page(reader):
    last = reader.pages[-1]
    text = last.extract_text()
    assert "抄送：" in text and "印发" not in text
    placed = [piece for piece in _placed(last) if piece[2] > layout.BOTTOM_MM - 3]  # not the page number
    lowest = min(placed, key=lambda piece: piece[2])
    assert "抄送" in lowest[0] or "办公室" in lowest[0]
    assert layout.BOTTOM_MM <= lowest[2] <= layout.BOTTOM_MM + 8


def test_the_note_follows_the_date_two_characters_in(reader):
    last = next(page for page in reader.pages if "2023年7月13日" in page.extract_text())
    _, _, date_baseline, _ = _piece(last, "2023年7月13日")
    _, note_x, note_baseline, _ = _piece(last, "（联系人")
    assert date_baseline - note_baseline == pytest.approx(layout.LINE_PITCH / PT_PER_MM, abs=0.1)
    assert note_x == pytest.approx(layout.LEFT_MM + 2 * layout.CHAR_PITCH / PT_PER_MM, abs=0.3)


def test_the_gbt_9704_faces_are_embedded_for_their_roles(reader):
    """make test installs fonts-cwtex-fs, fonts-arphic-gkai00mp and fonts-noto-cjk and converts
    the Noto faces (workflow/letters/font_cache.py)."""
    first = _placed(reader.pages[0])

    def fonts_of(text):
        return {font.split("+")[-1] for piece, _, _, font in first if text in piece}

    assert fonts_of("金华市经济和信息化局") == {"NotoSerifCJKsc-Bold"}  # banner: bold Song
    assert fonts_of("关于对金华市") == {"NotoSerifCJKsc-Bold"}  # title
    assert "cwTeXFangSong" in fonts_of("的")  # body: 仿宋
    assert fonts_of("当前主要做法") == {"NotoSansCJKsc-Regular"}  # 一、 黑体
    heading_fonts = _piece(reader.pages[1], "（一）抓好《条例》宣贯落实")[3].split()
    assert {font.split("+")[-1] for font in heading_fonts} == {"GBZenKai-Medium"}  # （一） 楷体


# -- the DOCX ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_document():
    return Document(io.BytesIO(render_docx(LETTER)))


def _border(paragraph, edge="bottom"):
    return paragraph._p.pPr.find(qn("w:pBdr")).find(qn(f"w:{edge}"))


def test_docx_letterhead_is_the_first_pages_own_header(docx_document):
    section = docx_document.sections[0]
    assert section.different_first_page_header_footer
    assert section.header_distance.mm == pytest.approx(layout.BANNER_TOP_MM, abs=0.05)
    banner, number_row, *_ = section.first_page_header.paragraphs
    assert banner.text == LETTER.issuer
    line = _border(banner)
    assert (line.get(qn("w:val")), line.get(qn("w:color"))) == ("thickThinSmallGap", "E60012")
    assert int(line.get(qn("w:space"))) == round(layout.DOUBLE_LINE_GAP_MM * layout.MM)
    assert banner.paragraph_format.left_indent.mm == pytest.approx(-7, abs=0.05)
    assert banner.paragraph_format.right_indent.mm == pytest.approx(-7, abs=0.05)
    assert number_row.text == "解决类别：A\t" + LETTER.doc_number
    (tab,) = number_row.paragraph_format.tab_stops
    assert tab.alignment == 2 and tab.position.mm == pytest.approx(layout.TEXT_WIDTH_MM, abs=0.1)  # RIGHT


def test_docx_first_page_has_the_foot_line_and_no_page_number(docx_document):
    section = docx_document.sections[0]
    assert section.footer_distance.mm == pytest.approx(layout.FOOT_LINE_MM, abs=0.05)
    (line,) = section.first_page_footer.paragraphs
    border = _border(line)
    assert (border.get(qn("w:val")), border.get(qn("w:color"))) == ("thinThickSmallGap", "E60012")
    assert line.paragraph_format.left_indent.mm == pytest.approx(-7, abs=0.05)
    assert line.paragraph_format.right_indent.mm == pytest.approx(-7, abs=0.05)
    assert " PAGE " not in section.first_page_footer._element.xml
    for footer in (section.footer, section.even_page_footer):
        assert " PAGE " in footer._element.xml


def test_docx_has_no_signer_and_a_copy_list_without_rules(docx_document):
    parts = [docx_document.element.xml] + [
        part._element.xml for section in docx_document.sections
        for part in (section.first_page_header, section.header, section.first_page_footer, section.footer)
    ]
    assert not any("签发人" in xml or "印发" in xml for xml in parts)
    (table,) = docx_document.tables
    assert table.cell(0, 0).text == LETTER.copy_to_text
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert table._tbl.tblPr.find(qn("w:tblpPr")).get(qn("w:vertAnchor")) == "page"


def test_docx_fits_28_characters_on_22_lines(docx_document):
    section = docx_document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    spacing = docx_document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch = layout.SIZE_3 + int(spacing.get(qn("w:val"))) / 20
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    assert 28 * pitch <= text_width < 29 * pitch
