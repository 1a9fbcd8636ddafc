"""Each role's chain of faces (workflow/letters/fonts.py): every character takes the first face
of its role that has it, down to ReportLab's STSong-Light, and the Noto faces come in as
TrueType copies (font_cache.py)."""
from __future__ import annotations

import io
from dataclasses import replace

from fontTools.ttLib import TTFont as FontToolsFont
from pypdf import PdfReader

from tests.letters.test_letters import BODY, LETTER
from workflow.letters import font_cache
from workflow.letters.fonts import (
    FALLBACK_CID_FONT,
    TAIWAN_PUNCTUATION,
    find_installed,
    has_truetype_outlines,
    load_pdf_fonts,
)
from workflow.letters.pdf import render_pdf


def test_without_font_files_every_role_falls_back_to_stsong_light():
    fonts = load_pdf_fonts(installed=())
    for chain in (fonts.body, fonts.title, fonts.hei, fonts.kai):
        assert [face.name for face in chain.faces] == [FALLBACK_CID_FONT]
    assert (fonts.title.primary.fake_bold, fonts.hei.primary.fake_bold) == (True, True)
    assert (fonts.body.primary.fake_bold, fonts.kai.primary.fake_bold) == (False, False)
    assert fonts.files == ()
    reader = PdfReader(io.BytesIO(render_pdf(replace(LETTER, body=BODY[:300]), fonts=fonts)))
    assert "金经信办建〔2023〕31号" in reader.pages[0].extract_text()


def test_cwtex_fangsong_sets_what_it_has_and_kai_the_simplified_characters_it_lacks():
    """make test installs fonts-cwtex-fs and fonts-arphic-gkai00mp."""
    body = load_pdf_fonts().body
    names = [face.name for face in body.faces]
    assert names[:2] == ["Letter-cwfs-0", "Letter-gkai00mp-0"] and names[-1] == FALLBACK_CID_FONT
    assert body.face_for("的").name == "Letter-cwfs-0"  # in Big5 too
    assert body.face_for("华").name == "Letter-gkai00mp-0"  # simplified only
    for mark in "，。：（）《》“”":  # cwTeX centres punctuation, Taiwan's way
        assert mark in TAIWAN_PUNCTUATION and body.face_for(mark).name == "Letter-gkai00mp-0"
    pieces = body.pieces("关于对金华的建议，")
    assert "".join(text for text, _ in pieces) == "关于对金华的建议，"
    assert all(face.has(char) for text, face in pieces for char in text)


def test_title_and_hei_use_the_converted_noto_faces():
    fonts = load_pdf_fonts()
    assert fonts.title.primary.name == "Letter-NotoSerifCJKsc-Bold-0" and not fonts.title.primary.fake_bold
    assert fonts.hei.primary.name == "Letter-NotoSansCJKsc-Regular-0"
    assert fonts.kai.primary.name == "Letter-gkai00mp-0"
    # A character outside GB 2312 falls to the next face rather than to a missing glyph.
    assert fonts.title.face_for("䶮").name != fonts.title.primary.name


def test_the_noto_copies_have_truetype_outlines_and_gb2312():
    cached = dict((face.file_name, path) for face, path in font_cache.cached_files())
    assert set(cached) == {face.file_name for face in font_cache.FACES}
    for path in cached.values():
        assert has_truetype_outlines(str(path))
        font = FontToolsFont(str(path))
        assert "glyf" in font and "CFF " not in font
        assert set(map(ord, font_cache.gb2312_repertoire())) <= set(font.getBestCmap())


def test_noto_collections_themselves_are_skipped():
    """ReportLab cannot read CFF outlines: the .ttc files of fonts-noto-cjk are found but unused."""
    noto = [face for face in find_installed() if face.path.endswith(".ttc") and "Noto" in face.path]
    assert noto and not any(has_truetype_outlines(face.path) for face in noto)


def test_convert_cuts_a_face_to_the_text_with_truetype_outlines(tmp_path):
    face = next(face for face in find_installed() if "NotoSerifCJK-Bold.ttc" in face.path and "Noto Serif CJK SC" in face.families)
    path = tmp_path / "title.ttf"
    path.write_bytes(font_cache.convert(face.path, face.index, "关于答复的函"))
    assert has_truetype_outlines(str(path))
    assert {ord(char) for char in "关于答复的函"} <= set(FontToolsFont(str(path)).getBestCmap())
