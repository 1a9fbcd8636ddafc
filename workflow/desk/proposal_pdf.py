"""The 提案单 / 建议单 as a member hands it in (issue 10): the session's heading, a form of boxes
(number, category, proposer and their 界别 or 代表团, co-signers, the date), the title, and the
text under it, in the Chinese faces of the reply letter (workflow/letters/fonts.py)."""
from __future__ import annotations

import io

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from workflow.desk.notice_pdf import PdfStyles
from workflow.domain.deadlines import local_date
from workflow.letters.fonts import PdfFonts, load_pdf_fonts
from workflow.models import Proposal
from workflow.terms import term


def render(proposal: Proposal, *, fonts: PdfFonts | None = None) -> bytes:
    fonts = fonts or load_pdf_fonts()
    s = PdfStyles(fonts)
    channel = proposal.channel
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=22 * mm, bottomMargin=20 * mm,
        title=f"{proposal.number or ''} {proposal.title}".strip(), creator="proposal-reply workflow", lang="zh-CN",
        invariant=1,
    )
    heading = _("%(session)s %(item)s form", session=proposal.session.name, item=term(channel, "item"))
    cosigners = "、".join(c.user.name for c in proposal.cosigners if c.state != "declined")
    author = proposal.collective_name or proposal.proposer.name
    day = proposal.submitted_at or proposal.created_at
    boxes = [
        [_("Number"), proposal.number or "", _("Subject category"), proposal.category.name if proposal.category else ""],
        [_("Proposer"), author, term(channel, "group"), proposal.group_name or ""],
        [_("Co-signers"), cosigners, _("Submitted on"), format_date(local_date(day), "long") if day else ""],
        [_("Title"), proposal.title, "", ""],
    ]
    cell = lambda text, head=False: s.p(text, s.head if head else s.cell)  # noqa: E731
    rows = [[cell(a, True), cell(b), cell(c, True), cell(d)] for a, b, c, d in boxes]
    table = Table(rows, colWidths=[24 * mm, 58 * mm, 24 * mm, 60 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (1, 3), (3, 3)), ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    story: list = [s.p(heading, s.title), table, Spacer(0, 6 * mm)]
    for line in (proposal.body or "").splitlines():
        if line.strip():
            story.append(s.p(line.strip(), s.para))
            story.append(Spacer(0, 1.5 * mm))
    if proposal.is_key:
        story += [Spacer(0, 4 * mm), s.p(f"{term(channel, 'key_item')}：{proposal.key_leader or ''}", s.body)]
    document.build(story)
    return buffer.getvalue()
