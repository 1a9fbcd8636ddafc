"""The reply letter (答复函) as DOCX and PDF, laid out after GB/T 9704-2012.

The body is the published reply of 金华市经济和信息化局 to suggestion 义12 of 2023
(shared/samples/npc-suggestion-reply-published-jinhua-2023.txt), kept beside this file with
the full-width punctuation that the web copy had lost restored.
"""
from __future__ import annotations

import io
import struct
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from workflow.letters import layout
from workflow.letters.body import BlockKind, parse_body
from workflow.letters.cjk_paragraph import CANNOT_START, CjkParagraph, Run
from workflow.letters.docx import render_docx
from workflow.letters.fonts import has_truetype_outlines, load_pdf_fonts
from workflow.letters.letter import ReplyLetter
from workflow.letters.pdf import render_pdf

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BODY = (HERE / "jinhua-2023-reply.txt").read_text(encoding="utf-8")

LETTER = ReplyLetter(
    issuer="金华市经济和信息化局",
    doc_number="金经信办建〔2023〕31号",
    title="关于对金华市八届人大三次会议义12号建议答复的函",
    salutation="何**代表：",
    body=BODY,
    date=date(2023, 7, 13),
    resolution="A",
    disclosure="主动公开",
    copy_to=("市人大常委会代表工作委员会", "市政府办公室"),
    contact="联系人：邵 *，联系电话：0579-82469726",
    attachments=("金华市中小微企业服务清单.pdf", "2023年助企政策汇编.docx"),
)
HEADINGS = ("一、当前主要做法", "（一）抓好《条例》宣贯落实", "二、下步工作重点", "（七）推进“三位一体”企业合规改革")


@pytest.fixture(scope="module")
def docx_document():
    return Document(io.BytesIO(render_docx(LETTER)))


@pytest.fixture(scope="module")
def pdf_reader():
    return PdfReader(io.BytesIO(render_pdf(LETTER)))


def _docx_text(document) -> str:
    section = document.sections[0]
    paragraphs = list(section.first_page_header.paragraphs) + list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(p.text for p in paragraphs)


def _pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return "".join(text.split())


# -- DOCX ------------------------------------------------------------------------------------


def test_docx_holds_every_element_of_the_letter(docx_document):
    text = _docx_text(docx_document)
    for expected in (
        "解决类别：A", "公开方式：主动公开", "金华市经济和信息化局", "金经信办建〔2023〕31号",
        "何**代表：", "2023年7月13日", "抄送：市人大常委会代表工作委员会、市政府办公室。",
        "（联系人：邵 *，联系电话：0579-82469726）", "再次感谢您对我市中小微企业发展工作的关心和支持！",
        "附件：1.金华市中小微企业服务清单", "2.2023年助企政策汇编",
        *HEADINGS,
    ):
        assert expected in text, expected
    assert LETTER.title in _flat(text)
    assert "<浙江省促进中小微企业发展条例>" in text
    assert "签发人" not in text and "印发" not in text


def test_docx_page_is_a4_with_the_gbt_9704_margins(docx_document):
    section = docx_document.sections[0]
    measured = {
        "width": section.page_width.mm, "height": section.page_height.mm,
        "top": section.top_margin.mm, "bottom": section.bottom_margin.mm,
        "left": section.left_margin.mm, "right": section.right_margin.mm,
    }
    wanted = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
    assert measured == pytest.approx(wanted, abs=0.05)


def test_docx_names_the_gbt_9704_fonts(docx_document):
    def run_with(text):
        header = docx_document.sections[0].first_page_header
        for paragraph in [*header.paragraphs, *docx_document.paragraphs]:
            for run in paragraph.runs:
                if run.text.startswith(text):
                    return run
        raise AssertionError(text)

    def east_asian_font(run):
        return run._r.rPr.rFonts.get(qn("w:eastAsia"))

    title = run_with("关于对金华市")
    assert (east_asian_font(title), title.font.size) == ("方正小标宋简体", Pt(22))
    body = run_with("首先感谢")
    assert (east_asian_font(body), body.font.size) == ("仿宋_GB2312", Pt(16))
    assert east_asian_font(run_with("一、当前主要做法")) == "黑体"
    assert east_asian_font(run_with("（一）抓好")) == "楷体_GB2312"
    banner = run_with("金华市经济和信息化局")
    assert str(banner.font.color.rgb) == "".join(f"{channel:02X}" for channel in layout.RED)


def test_docx_body_paragraphs_indent_two_characters_and_justify(docx_document):
    paragraph = next(p for p in docx_document.paragraphs if p.text.startswith("首先感谢"))
    indent = paragraph._p.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert paragraph.paragraph_format.line_spacing == Pt(28.95)


# -- PDF --------------------------------------------------------------------------------------


def test_pdf_is_a4_and_holds_the_letter(pdf_reader):
    for page in pdf_reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((595.28, 841.89), abs=0.5)
    first = pdf_reader.pages[0].extract_text()
    assert "金经信办建〔2023〕31号" in first
    assert LETTER.title in _flat(first)
    assert "何**代表：" in first
    text = _pdf_text(pdf_reader)
    flat = _flat(text)
    expected_texts = ("2023年7月13日", "抄送：市人大常委会代表工作委员会、市政府办公室。", "联系电话：0579-82469726")
    for expected in (*expected_texts, *HEADINGS):
        assert _flat(expected) in flat, expected
    assert pdf_reader.metadata.title == LETTER.title


def test_pdf_puts_attachments_signature_date_note_and_copy_list_in_order(pdf_reader):
    text = _flat(_pdf_text(pdf_reader))
    order = ["再次感谢您", "附件：1.金华市中小微企业服务清单", "2.2023年助企政策汇编", "金华市经济和信息化局2023年7月13日",
             "（联系人：邵*，联系电话：0579-82469726）", "抄送：市人大常委会代表工作委员会、市政府办公室。"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "签发人" not in text and "印发" not in text


def test_pdf_is_the_same_bytes_every_time():
    assert render_pdf(LETTER) == render_pdf(LETTER)


def test_pdf_fallback_font_gets_look_alikes_for_characters_it_cannot_encode():
    fonts = load_pdf_fonts(installed=())
    assert fonts.printable("阿里巴巴·镇海\u00a0产业带") == "阿里巴巴・镇海 产业带"
    reader = PdfReader(io.BytesIO(render_pdf(replace(LETTER, body="阿里巴巴·镇海装备制造产业带"), fonts=fonts)))
    assert "镇海装备制造产业带" in reader.pages[0].extract_text()


def _sfnt(tags: list[bytes], version: bytes = b"\x00\x01\x00\x00") -> bytes:
    header = version + struct.pack(">HHHH", len(tags), 0, 0, 0)
    return header + b"".join(tag + bytes(12) for tag in tags)


@pytest.mark.parametrize(
    ("content", "usable"),
    [
        (_sfnt([b"cmap", b"glyf", b"head"]), True),
        (_sfnt([b"CFF ", b"cmap", b"head"], version=b"OTTO"), False),
        (b"ttcf" + bytes(4) + struct.pack(">II", 1, 16) + _sfnt([b"glyf"]), True),
        (b"ttcf" + bytes(4) + struct.pack(">II", 1, 16) + _sfnt([b"CFF "], version=b"OTTO"), False),
        (b"not a font", False),
    ],
    ids=["ttf", "otf-cff", "ttc", "ttc-cff", "garbage"],
)
def test_only_truetype_outlines_are_usable_by_reportlab(tmp_path, content, usable):
    path = tmp_path / "font.ttc"
    path.write_bytes(content)
    assert has_truetype_outlines(str(path)) is usable


# -- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "heading"),
    [
        ("一、当前主要做法", BlockKind.HEADING_1, "一、当前主要做法"),
        ("十二、其他", BlockKind.HEADING_1, "十二、其他"),
        ("（一）抓好《条例》宣贯落实", BlockKind.HEADING_2, "（一）抓好《条例》宣贯落实"),
        ("(三)政策撬动，激励发展", BlockKind.HEADING_2, "(三)政策撬动，激励发展"),
        ("1.设立专门的服务与管理机构。建议政府设立", BlockKind.HEADING_3, "1.设立专门的服务与管理机构。"),
        ("3．加大培训力度。指导", BlockKind.HEADING_3, "3．加大培训力度。"),
        ("2、实行分级服务与管理", BlockKind.HEADING_3, "2、实行分级服务与管理"),
        ("一、关于“设立专门的服务与管理机构”。我区目前有", BlockKind.HEADING_1, "一、关于“设立专门的服务与管理机构”。"),
        ("一是提高认识，形成机制。", BlockKind.PARAGRAPH, ""),
        ("1.5万元的补助已到位。", BlockKind.PARAGRAPH, ""),
        ("2023年3月1日起施行。", BlockKind.PARAGRAPH, ""),
    ],
)
def test_body_headings_are_found_by_their_prefix(line, kind, heading):
    (block,) = parse_body("\u3000\u3000" + line + "\n\n")
    assert (block.kind, block.heading, block.full_text) == (kind, heading, line)


def test_body_of_the_sample_has_its_headings_and_no_blank_blocks():
    blocks = parse_body(BODY)
    assert len(blocks) == 30
    kinds = [block.kind for block in blocks]
    assert kinds.count(BlockKind.HEADING_1) == 2 and kinds.count(BlockKind.HEADING_2) == 12


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("关于对区政协八届五次会议第2号提案的答复", ["关于对区政协八届五次会议第2号提案的答复"]),
        ("关于对金华市八届人大三次会议义12号建议答复的函", ["关于对金华市八届人大三次会议", "义12号建议答复的函"]),
    ],
)
def test_long_titles_break_into_balanced_lines(title, lines):
    assert layout.title_lines(title) == lines


def test_signature_stands_two_characters_in_and_the_date_two_characters_right_of_it():
    assert layout.signature_right_indents("金华市经济和信息化局", "2023年7月13日") == (2.0, 3.5)
    # a short name: the date keeps two characters and the name moves left
    assert layout.signature_right_indents("镇海区经信局", "2023年7月13日") == (4.5, 2.0)


def test_body_lines_hold_28_characters_and_never_start_with_closing_punctuation():
    fonts = load_pdf_fonts(installed=())
    paragraph = CjkParagraph(
        [Run(BODY.replace("\n", ""), fonts.body.primary.name)], size=16, leading=layout.LINE_PITCH, pitch=layout.CHAR_PITCH,
        first_indent=2,
    )
    paragraph.wrap(layout.TEXT_WIDTH, 10_000)
    texts = ["".join(char.text for char in line.chars) for line in paragraph.lines]
    assert len(texts) > 100
    assert all(text[0] not in CANNOT_START for text in texts[1:])
    assert all(layout.text_width_in_chars(text) <= 29 for text in texts)
    # Chinese-only lines: 28 characters; 29 with a squeezed comma; 27 before a glued "《条"
    lengths = [len(text) for text in texts[1:-1] if all(ord(char) > 0x2E80 for char in text)]
    assert set(lengths) <= {27, 28, 29} and lengths.count(28) > len(lengths) / 2
    assert "".join(texts) == BODY.replace("\n", "")


def test_letters_import_neither_flask_nor_sqlalchemy():
    """`workflow/__init__.py` imports Flask, so the package is stubbed as in tests/domain."""
    script = (
        "import importlib, sys, types\n"
        "stub = types.ModuleType('workflow'); stub.__path__ = [sys.argv[1]]; sys.modules['workflow'] = stub\n"
        "for name in ('letter', 'body', 'layout', 'font_cache', 'fonts', 'cjk_paragraph', 'pdf', 'pdf_page', 'docx', 'docx_ooxml'):\n"
        "    importlib.import_module('workflow.letters.' + name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy'))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "workflow")], capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
