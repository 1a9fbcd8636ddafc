"""The 交办通知单 as PDF: one page (or more) per bureau, in the Chinese faces of the reply letter
(workflow/letters/fonts.py): a title, the bureau addressed, one sentence, a table of the items
with their roles and due dates, and the office's name, contact and date at the foot."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workflow.due_label import due_label
from workflow.labels import ASSIGNMENT_ROLE_LABELS, label
from workflow.letters.fonts import FontChain, PdfFonts, load_pdf_fonts
from workflow.services.assignment_notices import BureauNotice
from workflow.terms import term


def render(notices: list[BureauNotice], *, fonts: PdfFonts | None = None) -> bytes:
    fonts = fonts or load_pdf_fonts()
    s = PdfStyles(fonts)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm, bottomMargin=20 * mm,
        title=_("Assignment notice"), creator="proposal-reply workflow", lang="zh-CN", invariant=1,
    )
    story = []
    for index, notice in enumerate(notices):
        if index:
            story.append(PageBreak())
        story += _notice(notice, s)
    document.build(story)
    return buffer.getvalue()


class PdfStyles:
    def __init__(self, fonts: PdfFonts):
        self.fonts = fonts
        self.title = ParagraphStyle("title", fontName=fonts.title.primary.name, fontSize=20, leading=30,
                                    alignment=1, wordWrap="CJK", spaceAfter=6 * mm)
        self.body = ParagraphStyle("body", fontName=fonts.body.primary.name, fontSize=12, leading=20, wordWrap="CJK")
        self.cell = ParagraphStyle("cell", fontName=fonts.body.primary.name, fontSize=9.5, leading=13, wordWrap="CJK")
        self.head = ParagraphStyle("head", fontName=fonts.hei.primary.name, fontSize=9.5, leading=13, wordWrap="CJK")
        self.right = ParagraphStyle("right", parent=self.body, alignment=2)
        self.para = ParagraphStyle("para", parent=self.body, firstLineIndent=24)  # two characters in

    def p(self, text: str, style: ParagraphStyle, chain: FontChain | None = None) -> Paragraph:
        chain = chain or (self.fonts.hei if style is self.head else self.fonts.title if style is self.title
                          else self.fonts.body)
        markup = "".join(f'<font face="{face.name}">{escape(piece)}</font>'
                         for piece, face in chain.pieces(self.fonts.printable(text)))
        return Paragraph(markup, style)


def _notice(notice: BureauNotice, s: PdfStyles) -> list:
    channel = notice.channel
    office = term(channel, "office")
    story = [
        s.p(_("Assignment notice"), s.title),
        s.p(_("%(bureau)s:", bureau=notice.bureau.name), s.body),
        s.p(_("The following %(n)d %(items)s of %(sessions)s are assigned to your bureau. Please sign for them "
              "in the system, contact the %(persons)s, and answer by the due dates below.",
              n=len(notice.lines), items=term(channel, "item"), sessions="、".join(notice.sessions),
              persons=term(channel, "person")), s.para),
        Spacer(0, 4 * mm),
    ]
    header = [_("No."), _("Number"), _("Title"), _("Proposer"), _("Handling role"), _("Sign for by"),
              _("Answer by")]
    rows = [[s.p(h, s.head) for h in header]]
    for index, line in enumerate(notice.lines, start=1):
        title = line.title + (f"（{term(channel, 'key_item')}）" if line.is_key else "")
        rows.append([s.p(str(index), s.cell), s.p(line.number, s.cell), s.p(title, s.cell), s.p(line.proposer, s.cell),
                     s.p(label(ASSIGNMENT_ROLE_LABELS, line.role), s.cell),
                     s.p(_due(line.receipt_due), s.cell), s.p(_due(line.reply_due), s.cell)])
    table = Table(rows, colWidths=[12 * mm, 18 * mm, 60 * mm, 20 * mm, 18 * mm, 21 * mm, 21 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]))
    story += [table, Spacer(0, 8 * mm)]
    contact = notice.assigned_by
    if contact is not None:
        reach = "，".join(x for x in (contact.mobile, contact.email) if x)
        story.append(s.p(_("Contact at the office: %(name)s %(reach)s", name=contact.name, reach=reach), s.body))
    story += [Spacer(0, 6 * mm), s.p(office, s.right), s.p(format_date(notice.assigned_on, "long"), s.right)]
    return story


def _due(clock) -> str:
    return due_label(clock.due_date, clock.provisional) if clock else "—"
