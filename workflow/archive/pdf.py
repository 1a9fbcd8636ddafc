"""One item of the archive as PDF: headings and paragraphs on A4, in the Chinese faces the reply
letter uses (workflow/letters/fonts.py: each character in the first face of its role that has
it, down to STSong-Light). ReportLab's Paragraph with CJK wrapping is enough here: the archive
is a record, not a GB/T 9704 document."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from workflow.archive.record import ItemRecord
from workflow.letters.fonts import FontChain, PdfFonts, load_pdf_fonts


def render_item_pdf(item: ItemRecord, *, fonts: PdfFonts | None = None) -> bytes:
    fonts = fonts or load_pdf_fonts()
    styles = _Styles(fonts)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=25 * mm,
        title=f"{item.number} {item.title}", creator="proposal-reply workflow", lang="zh-CN", invariant=1,
    )
    document.build(_story(item, styles))
    return buffer.getvalue()


class _Styles:
    def __init__(self, fonts: PdfFonts):
        self.fonts = fonts
        self.chains = {"title": fonts.title, "heading": fonts.hei, "body": fonts.body}
        self.title = ParagraphStyle("title", fontName=fonts.title.primary.name, fontSize=16, leading=24, wordWrap="CJK",
                                    spaceAfter=4 * mm)
        self.heading = ParagraphStyle("heading", fontName=fonts.hei.primary.name, fontSize=13, leading=20, wordWrap="CJK",
                                      spaceBefore=4 * mm, spaceAfter=2 * mm)
        self.body = ParagraphStyle("body", fontName=fonts.body.primary.name, fontSize=11, leading=18, wordWrap="CJK",
                                   spaceAfter=1.5 * mm)

    def paragraphs(self, text: str, style: ParagraphStyle | None = None) -> list[Paragraph]:
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        style = style or self.body
        chain = self.chains[style.name]
        return [Paragraph(_markup(chain, self.fonts.printable(line)), style) for line in lines]


def _markup(chain: FontChain, text: str) -> str:
    """Paragraph markup that sets each piece of `text` in the face of its role that has it."""
    return "".join(f'<font face="{face.name}">{escape(piece)}</font>' for piece, face in chain.pieces(text))


def _story(item: ItemRecord, s: _Styles) -> list:
    story = [*s.paragraphs(f"{item.number} {item.title}", s.title)]
    facts = [
        (_("Proposer"), item.proposer), (_("State"), item.state), (_("Category"), item.category),
        (_("Submitted at"), item.submitted_on), (_("Filed at"), item.filed_on), (_("Closed at"), item.closed_on),
    ]
    story += s.paragraphs("\n".join(f"{name}：{value}" for name, value in facts if value))
    story += _section(s, _("Text"), [item.body])
    story += _section(s, _("Assignments"), item.assignments)
    story += _section(s, _("Contacts with the proposer"), item.contacts)
    story += _section(s, _("Co-handling opinions"), item.opinions)
    for reply in item.replies:
        # Words outside the f-strings: the catalog's extractor does not read calls inside them.
        number, state, resolution, sent = _("Document number"), _("State"), _("Resolution category"), _("Sent on")
        story += _section(s, _("Reply of %(bureau)s", bureau=reply.bureau), [
            f"{number}：{reply.doc_number}" if reply.doc_number else "",
            f"{state}：{reply.state}",
            f"{resolution}：{reply.resolution}" if reply.resolution else "",
            f"{sent}：{reply.sent_on}" if reply.sent_on else "",
            reply.title, reply.text,
        ])
        story += _section(s, _("Feedback"), reply.feedback)
    story += _section(s, _("Supervision notes"), item.supervision)
    story += _section(s, _("Timeline"), item.timeline)
    return story


def _section(s: _Styles, heading: str, texts: list[str]) -> list:
    body = [p for text in texts if text for p in s.paragraphs(text)]
    if not body:
        return []
    return [Spacer(0, 2 * mm), *s.paragraphs(heading, s.heading), *body]
