"""Which Chinese faces the PDF letter uses for each role, and what it falls back to.

GB/T 9704-2012 names four faces: 仿宋 for the body (and the 发文字号, signature, date, 附注 and
抄送), 小标宋 for the title and the 发文机关标志, 黑体 for "一、" headings, 楷体 for "（一）"
headings. Each role is a chain of faces; every character takes the first face of its role
that has a glyph for it, so a face that lacks some characters is still used for the others.

ReportLab embeds TrueType outlines only (a ``glyf`` table, .ttf or .ttc); faces with
PostScript (CFF) outlines are skipped, and font_cache.py makes TrueType copies of the two
Noto CJK faces worth having. Files are found through fontconfig (``fc-list``), by family.

The chains, first choice first (Debian package in brackets; 仿宋_GB2312 and the like are the
Windows faces an office may copy in):

- body 仿宋: 仿宋_GB2312, 仿宋 (SimFang), cwTeX 仿宋 [fonts-cwtex-fs], AR PL KaitiM GB
  [fonts-arphic-gkai00mp], AR PL UKai, AR PL SungtiL GB, AR PL UMing, WenQuanYi Zen Hei
  [fonts-wqy-zenhei], WenQuanYi Micro Hei, Droid Sans Fallback.
  cwTeX 仿宋 is a Big5 face: it lacks about a third of the simplified characters of a reply
  (专 业 华 关 …), and it sets full-width punctuation in the middle of the em box, Taiwan's
  way; those fall to AR PL KaitiM GB, whose Kai strokes read as the same hand at 三号 where a
  Song glyph stands out (rendered side by side and compared as pictures).
- title 小标宋: 方正小标宋简体, Noto Serif CJK SC Bold [fonts-noto-cjk, converted], then the
  Song faces above made bold by stroking their outlines.
- hei 黑体: 黑体 (SimHei), Noto Sans CJK SC [fonts-noto-cjk, converted], WenQuanYi Zen Hei,
  WenQuanYi Micro Hei, Droid Sans Fallback, then the body chain stroked.
- kai 楷体: 楷体_GB2312, 楷体 (KaiTi), AR PL KaitiM GB, cwTeX 楷书 [fonts-cwtex-kai], AR PL
  UKai, then the body chain.

Every chain ends in ReportLab's built-in CID font ``STSong-Light`` (Adobe-GB1), which needs no
file and is not embedded: the PDF reader supplies a Song face. With nothing else installed the
whole letter is in it, the title and 黑体 headings stroked to look bold.
"""
from __future__ import annotations

import functools
import shutil
import struct
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from workflow.letters import font_cache

FALLBACK_CID_FONT = "STSong-Light"
# Characters the fallback's encoding (UniGB-UCS2-H) has no code for, and their look-alikes:
# 间隔号 typed as U+00B7 or a bullet, and the no-break space.
_CID_LOOK_ALIKES = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb", "\u00a0": " "})
# Set in the middle of the em box by Big5 faces (cwTeX); mainland text wants them low left.
TAIWAN_PUNCTUATION = frozenset("，。、；：？！（）《》〈〉「」『』“”‘’…—·〔〕【】")
FAKE_BOLD = 0.025  # stroke width, as a share of the font size, that makes a face look bold


@dataclass(frozen=True)
class Want:
    """One link of a chain: a family (any of fontconfig's names for it) and its style."""

    families: tuple[str, ...]
    style: str | None = None
    fake_bold: bool = False
    skip: frozenset[str] = frozenset()  # characters left to the next face

    def bold(self) -> Want:
        return Want(self.families, self.style, True, self.skip)


_FANGSONG = (Want(("仿宋_GB2312", "FangSong_GB2312")), Want(("仿宋", "FangSong", "SimFang")),
             Want(("cwTeXFangSong", "cwTeX 仿宋體"), skip=TAIWAN_PUNCTUATION))
_KAI_GB = (Want(("AR PL KaitiM GB",)), Want(("AR PL UKai CN", "AR PL UKai")))
_SONG = (Want(("AR PL SungtiL GB",)), Want(("AR PL UMing CN", "AR PL UMing")))
_HEI = (Want(("WenQuanYi Zen Hei", "文泉驿正黑")), Want(("WenQuanYi Micro Hei",)),
        Want(("Droid Sans Fallback",)))
_BODY = _FANGSONG + _KAI_GB + _SONG + _HEI
CHAINS: dict[str, tuple[Want, ...]] = {
    "body": _BODY,
    "title": (Want(("方正小标宋简体", "FZXiaoBiaoSong-B05S")), Want(("Noto Serif CJK SC",), "Bold"),
              *(want.bold() for want in _SONG + _BODY)),
    "hei": (Want(("黑体", "SimHei")), Want(("Noto Sans CJK SC",), "Regular"), *_HEI,
            *(want.bold() for want in _BODY)),
    "kai": (Want(("楷体_GB2312", "KaiTi_GB2312")), Want(("楷体", "KaiTi")), _KAI_GB[0],
            Want(("cwTeXKai", "cwTeX 楷書"), skip=TAIWAN_PUNCTUATION), _KAI_GB[1], *_BODY),
}


@dataclass(frozen=True)
class Installed:
    """A face found on this machine: a file, the face's index in it, its names and style."""

    path: str
    index: int
    families: tuple[str, ...]
    style: str

    def fits(self, want: Want) -> bool:
        if want.style and want.style.lower() not in self.style.lower():
            return False
        return any(family in self.families for family in want.families)


@dataclass(frozen=True)
class Face:
    """A registered ReportLab font in one role."""

    name: str
    covers: frozenset[int] | None  # code points with a glyph; None: the CID font, anything
    fake_bold: bool = False
    skip: frozenset[str] = frozenset()
    path: str | None = None

    def has(self, char: str) -> bool:
        return char not in self.skip and (self.covers is None or ord(char) in self.covers)


@dataclass(frozen=True)
class FontChain:
    faces: tuple[Face, ...]

    @property
    def primary(self) -> Face:
        return self.faces[0]

    def face_for(self, char: str) -> Face:
        for face in self.faces:
            if face.has(char):
                return face
        # Not even the CID font has it (an unassigned code point): the first face's .notdef.
        return self.faces[0]

    def pieces(self, text: str) -> list[tuple[str, Face]]:
        """`text` cut into runs that one face sets; spaces and line breaks join the run before."""
        pieces: list[tuple[str, Face]] = []
        for char in text:
            face = pieces[-1][1] if pieces and char.isspace() else self.face_for(char)
            if pieces and pieces[-1][1] == face:
                pieces[-1] = (pieces[-1][0] + char, face)
            else:
                pieces.append((char, face))
        return pieces

    def complete_face(self, text: str) -> Face:
        """The first face that sets all of `text` alone (for ReportLab's own Paragraph)."""
        needed = {char for char in text if not char.isspace()}
        for face in self.faces:
            if face.covers is None or all(face.has(char) for char in needed):
                return face
        return self.faces[-1]


@dataclass(frozen=True)
class PdfFonts:
    body: FontChain
    title: FontChain
    hei: FontChain
    kai: FontChain

    @property
    def files(self) -> tuple[str, ...]:
        """The font files embedded; empty when only the CID fallback is at hand."""
        chains = (self.body, self.title, self.hei, self.kai)
        return tuple(sorted({face.path for chain in chains for face in chain.faces if face.path}))

    def printable(self, text: str) -> str:
        """`text` with the characters the CID fallback cannot encode replaced by look-alikes,
        where the CID font would set them."""
        if any(self.body.face_for(char).covers is None for char in "\u00b7\u2022\u00a0" if char in text):
            return text.translate(_CID_LOOK_ALIKES)
        return text


@functools.lru_cache(maxsize=8)
def load_pdf_fonts(installed: tuple[Installed, ...] | None = None) -> PdfFonts:
    """Register the faces of each role with ReportLab; `installed` replaces the search."""
    found = installed if installed is not None else tuple(find_installed())
    usable = [face for face in found if has_truetype_outlines(face.path)]
    chains = {role: _chain(wants, usable) for role, wants in CHAINS.items()}
    return PdfFonts(**chains)


def find_installed() -> list[Installed]:
    """The converted Noto copies first, then every face fontconfig lists."""
    cached = [Installed(str(path), 0, (face.family,), face.style) for face, path in font_cache.cached_files()]
    return cached + _fontconfig_faces()


def has_truetype_outlines(path: str) -> bool:
    """Whether the first font in a .ttf/.otf/.ttc file has a ``glyf`` table (ReportLab's need)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
            if header[:4] == b"ttcf":
                (offset,) = struct.unpack(">I", handle.read(4))
                handle.seek(offset)
                header = handle.read(12)
            (table_count,) = struct.unpack(">H", header[4:6])
            records = handle.read(16 * table_count)
    except (OSError, struct.error):
        return False
    tags = {records[i : i + 4] for i in range(0, len(records), 16)}
    return b"glyf" in tags and b"CFF " not in tags


def _chain(wants: Sequence[Want], usable: Iterable[Installed]) -> FontChain:
    usable = list(usable)
    faces: list[Face] = []
    for want in wants:
        match = next((face for face in usable if face.fits(want)), None)
        registered = _register(match) if match else None
        if registered is None:
            continue
        name, covers = registered
        if all(face.name != name for face in faces):  # a face already in the chain covers the same
            faces.append(Face(name, covers, want.fake_bold, want.skip, match.path))
    # The title and 黑体 chains end in stroked faces: so does their CID fallback.
    faces.append(_cid_fallback(fake_bold=wants[-1].fake_bold))
    return FontChain(tuple(faces))


def _fontconfig_faces() -> list[Installed]:
    if shutil.which("fc-list") is None:
        return []
    try:
        # bandit B603 B607: fc-list with fixed arguments, no shell
        result = subprocess.run(  # nosec B603, B607
            ["fc-list", "-f", "%{file}|%{index}|%{family}|%{style}\n"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    faces = set()
    for line in result.stdout.splitlines():
        parts = line.split("|")
        if len(parts) == 4 and parts[1].isdigit():
            families = tuple(name.strip() for name in parts[2].split(","))
            faces.add(Installed(parts[0], int(parts[1]), families, parts[3]))
    return sorted(faces, key=lambda face: (face.path, face.index))


@functools.lru_cache(maxsize=64)
def _register(face: Installed) -> tuple[str, frozenset[int]] | None:
    name = f"Letter-{Path(face.path).stem}-{face.index}"
    try:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, face.path, subfontIndex=face.index))
    except (TTFError, OSError):
        return None
    return name, frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _cid_fallback(*, fake_bold: bool) -> Face:
    if FALLBACK_CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
    return Face(FALLBACK_CID_FONT, None, fake_bold)
