"""Which Chinese fonts the PDF reply letter uses, and the fallback when the system has none.

ReportLab embeds TrueType fonts only: a font whose glyphs are TrueType outlines (a ``glyf``
table), in a .ttf or a .ttc file. Candidates come from ``fc-list :lang=zh`` and from the
paths Debian's packages install to (WenQuanYi, AR PL, Droid), plus the Windows fonts an office
may copy in (仿宋_GB2312, 黑体, 楷体). Noto Sans/Serif CJK (``fonts-noto-cjk``), though often the
only Chinese font installed, has PostScript (CFF) outlines that ReportLab refuses: it is seen
and skipped.

Fallback: with no usable TrueType Chinese font, the letter uses ReportLab's built-in CID font
``STSong-Light`` (Adobe-GB1). It needs no font file, but it is not embedded: the PDF reader
supplies a Song face (Acrobat with its Chinese font pack, poppler and pdf.js with any system
CJK font). The weight that 小标宋 gives the title and 黑体 gives "一、" headings is then imitated
by stroking the glyph outlines (``PdfFonts.fake_bold_*``).

Roles, after GB/T 9704: ``body`` 仿宋 (else a Song/Ming face), ``title`` 小标宋 (else the body
face made bold), ``hei`` 黑体 for first-level headings, ``kai`` 楷体 for second-level headings.
"""
from __future__ import annotations

import functools
import shutil
import struct
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FALLBACK_CID_FONT = "STSong-Light"
# Characters the fallback's encoding (UniGB-UCS2-H) has no code for, and their look-alikes:
# 间隔号 typed as U+00B7 or a bullet, and the no-break space.
_CID_LOOK_ALIKES = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb", "\u00a0": " "})

KNOWN_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    # fonts-noto-cjk: found but skipped, CFF outlines (see the module docstring)
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)

# Lower-case pieces of a file name, for each role, in order of preference.
_ROLE_HINTS = {
    "body": ("fangsong", "simfang", "fs_gb2312", "uming", "simsun", "songti", "song"),
    "title": ("fzxbs", "xiaobiaosong", "小标宋"),
    "hei": ("simhei", "heiti", "zenhei", "microhei", "droidsansfallback"),
    "kai": ("simkai", "kaiti", "kai_gb2312", "ukai"),
}


@dataclass(frozen=True)
class PdfFonts:
    body: str  # registered ReportLab font names
    title: str
    hei: str
    kai: str
    fake_bold_title: bool  # stroke the title and the banner: no 小标宋 face was found
    fake_bold_hei: bool  # stroke "一、" headings: no 黑体 face was found
    files: tuple[str, ...]  # the font files embedded; empty with the CID fallback

    @property
    def embedded(self) -> bool:
        return bool(self.files)

    def printable(self, text: str) -> str:
        """`text` with the characters the CID fallback cannot encode replaced by look-alikes."""
        if FALLBACK_CID_FONT in (self.body, self.title, self.hei, self.kai):
            return text.translate(_CID_LOOK_ALIKES)
        return text


@functools.lru_cache(maxsize=8)
def load_pdf_fonts(candidates: tuple[str, ...] | None = None) -> PdfFonts:
    """Register the fonts for the letter with ReportLab; `candidates` replaces the search."""
    paths = candidates if candidates is not None else tuple(find_candidate_files())
    usable = [path for path in paths if has_truetype_outlines(path)]
    chosen = {role: _first_matching(usable, hints) for role, hints in _ROLE_HINTS.items()}
    if chosen["body"] is None:
        # Any embedded Chinese face beats a Song face the reader may not have.
        chosen["body"] = chosen["hei"] or chosen["kai"] or (usable[0] if usable else None)
    body = _register(chosen["body"]) if chosen["body"] else _register_cid_fallback()
    title = _register(chosen["title"]) if chosen["title"] else body
    hei = _register(chosen["hei"]) if chosen["hei"] else body
    kai = _register(chosen["kai"]) if chosen["kai"] else body
    return PdfFonts(
        body=body,
        title=title,
        hei=hei,
        kai=kai,
        fake_bold_title=title == body,
        fake_bold_hei=hei == body,
        files=tuple(sorted({path for path in chosen.values() if path})),
    )


def find_candidate_files() -> list[str]:
    """Chinese font files that fontconfig lists, then the well-known paths; no duplicates."""
    found = _fontconfig_files() + [path for path in KNOWN_FONT_PATHS if Path(path).is_file()]
    return list(dict.fromkeys(found))


def has_truetype_outlines(path: str) -> bool:
    """Whether the first font in a .ttf/.otf/.ttc file has a ``glyf`` table (ReportLab's need)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
            offset = 0
            if header[:4] == b"ttcf":
                handle.seek(12)
                (offset,) = struct.unpack(">I", handle.read(4))
                handle.seek(offset)
                header = handle.read(12)
            (table_count,) = struct.unpack(">H", header[4:6])
            records = handle.read(16 * table_count)
    except (OSError, struct.error):
        return False
    tags = {records[i : i + 4] for i in range(0, len(records), 16)}
    return b"glyf" in tags and b"CFF " not in tags


def _fontconfig_files() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    try:
        result = subprocess.run(
            ["fc-list", "-f", "%{file}\n", ":lang=zh"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})


def _first_matching(paths: Iterable[str], hints: tuple[str, ...]) -> str | None:
    for hint in hints:
        for path in paths:
            if hint in Path(path).name.lower():
                return path
    return None


def _register(path: str) -> str:
    name = "Letter-" + Path(path).stem
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except (TTFError, OSError):
        return _register_cid_fallback()
    return name


def _register_cid_fallback() -> str:
    if FALLBACK_CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
    return FALLBACK_CID_FONT
