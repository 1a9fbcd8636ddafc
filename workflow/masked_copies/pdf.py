"""A PDF attachment as a masked text copy: a PDF's text cannot be edited in place (and what looks
covered in one often is not), so its text is extracted with pypdf, masked, and set again with
ReportLab on A4 pages that say at the top that this is a text copy with personal data masked and
the layout not kept. The original's pages are marked in the copy (原件第 n 页).

A line break between two Chinese characters is where the original's line ran out, not where the
text ends: the lines are joined there before masking, so a name or a number broken over two lines
is still found. A PDF with no text (a scan) answers None: not offered. The font is ReportLab's
built-in STSong-Light, which needs no font file; the reader supplies a Song face (see
workflow/letters/fonts.py).
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from workflow.domain.masking import Span, apply
from workflow.domain.publication import TEXT_COPY_NOTICE, TEXT_COPY_PAGE

SpansOf = Callable[[str], list[Span]]

FONT = "STSong-Light"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WRAPPED = re.compile(rf"(?<=[{_HAN}])[ \t]*\n[ \t]*(?=[{_HAN}])")
# Characters STSong-Light's encoding has no code for, and their look-alikes.
_PRINTABLE = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb", "\u00a0": " "})


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF is encrypted")
    return [_WRAPPED.sub("", page.extract_text() or "") for page in reader.pages]


def masked_text_pdf(data: bytes, spans_of: SpansOf) -> bytes | None:
    pages = page_texts(data)
    if not any(text.strip() for text in pages):
        return None
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK")
    notice = ParagraphStyle("notice", parent=body, fontSize=10, leading=15, borderPadding=4,
                            borderWidth=0.5, borderColor="#999999", spaceAfter=12)
    mark = ParagraphStyle("page", parent=body, fontSize=9, textColor="#666666", spaceBefore=10, spaceAfter=4)
    story = [Paragraph(escape(TEXT_COPY_NOTICE), notice)]
    for number, text in enumerate(pages, start=1):
        story.append(Paragraph(escape(TEXT_COPY_PAGE % number), mark))
        masked = apply(text, spans_of(text))
        for line in masked.splitlines():
            line = line.strip()
            story.append(Paragraph(escape(line.translate(_PRINTABLE)), body) if line else Spacer(1, 6))
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                                 bottomMargin=25 * mm, title="", author="", subject="", creator="", invariant=1)
    document.build(story)
    return out.getvalue()
