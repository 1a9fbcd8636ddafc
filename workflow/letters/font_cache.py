"""TrueType copies of the Noto CJK faces, so that ReportLab can embed them.

Debian's ``fonts-noto-cjk`` gives the two faces a letter wants most and lacks elsewhere: a real
bold Song (Noto Serif CJK SC Bold, for the 小标宋 title and the red 发文机关标志) and a clean 黑体
(Noto Sans CJK SC Regular, for "一、" headings). Both ship as OpenType collections with
PostScript (CFF) outlines, which ReportLab's TTFont refuses ("postscript outlines are not
supported"; checked with ReportLab 4.4). fontTools subsets each face to GB 2312 (6,763 hanzi,
its symbols and ASCII: what reply letters use) and converts the cubic outlines to quadratic
TrueType ones, once, into ``DIR`` (``var/fonts`` by default). A character outside GB 2312 falls
to the next face of its role (fonts.py), never to a missing glyph.

Run by ``make`` (targets ``test`` and ``run``): ``python -m workflow.letters.font_cache``. It
takes about half a minute per face and skips faces already converted from the same source
file. Without ``fonts-noto-cjk`` it converts nothing, and the letter falls back as fonts.py
documents.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "var" / "fonts"
CUBIC_TO_QUADRATIC_ERROR = 1.0  # font units of a 1000-unit em: invisible at any print size


@dataclass(frozen=True)
class CachedFace:
    family: str  # as fontconfig names the source face, and as fonts.py asks for it
    style: str
    file_name: str  # of the TrueType copy in the cache directory


FACES = (
    CachedFace("Noto Serif CJK SC", "Bold", "NotoSerifCJKsc-Bold.ttf"),
    CachedFace("Noto Sans CJK SC", "Regular", "NotoSansCJKsc-Regular.ttf"),
)


def cache_dir() -> Path:
    """Where the copies live: $LETTER_FONT_DIR, else var/fonts in the checkout."""
    return Path(os.environ.get("LETTER_FONT_DIR") or DEFAULT_DIR)


def cached_files(directory: Path | None = None) -> list[tuple[CachedFace, Path]]:
    directory = directory or cache_dir()
    return [(face, directory / face.file_name) for face in FACES if (directory / face.file_name).is_file()]


def gb2312_repertoire() -> str:
    """Every character GB 2312 encodes (rows 0xA1-0xF7), and printable ASCII."""
    characters = [chr(code) for code in range(0x20, 0x7F)]
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(characters)


def build(directory: Path | None = None) -> list[Path]:
    """Convert each face whose source is installed and whose copy is missing or older."""
    directory = directory or cache_dir()
    written = []
    for face in FACES:
        source = _source(face)
        target = directory / face.file_name
        if source is None or (target.is_file() and target.stat().st_mtime >= Path(source[0]).stat().st_mtime):
            continue
        directory.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_bytes(convert(source[0], source[1], gb2312_repertoire()))
        partial.replace(target)  # readers never see half a font
        written.append(target)
    return written


def convert(path: str, index: int, text: str) -> bytes:
    """Face `index` of the font file at `path`, cut to `text`, with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(path, fontNumber=index)
    options = subset.Options()
    options.layout_features = []  # ReportLab uses cmap and hmtx only
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CUBIC_TO_QUADRATIC_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyphs.items():
        metrics[name] = (metrics[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    font["post"].formatType = 3.0  # no glyph names: ReportLab maps by cmap
    font.sfntVersion = "\x00\x01\x00\x00"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _source(face: CachedFace) -> tuple[str, int] | None:
    """The installed file and face index fontconfig gives for the family and style."""
    if shutil.which("fc-list") is None:
        return None
    try:
        # bandit B603 B607: fc-list with fixed arguments, no shell
        result = subprocess.run(  # nosec B603, B607
            ["fc-list", "-f", "%{file}|%{index}\n", f"{face.family}:style={face.style}"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(result.stdout.splitlines()):
        path, _, index = line.partition("|")
        if path and index.isdigit():
            return path, int(index)
    return None


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    for written in build(target):
        print(f"converted {written}")
