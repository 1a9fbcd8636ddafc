"""Real attachments holding personal data everywhere a file can hold it, for the masked copies of
issue 9 §6: a Word document (split runs, a table, a header, a footer, a comment, an image, a
tracked deletion, a mailto link, its author), a PDF with text, an Excel workbook (text, a mobile
typed as a number, a formula, a comment), a PNG and a PDF without text (a scan)."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import Workbook
from openpyxl.comments import Comment
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

PROPOSER = "杨文艳"
CONTACT = "邵军"
MOBILE = "13858012345"
ID_NUMBER = "330282199003071238"
EMAIL = "yangwy@163.com"
AUTHOR = "张三丰"  # the clerk who wrote the file: in its properties only
COMMENT = "内部意见：请勿外传"
DELETED = "已删去的杨文艳手机13858012345"
# Whatever of these shows in a public copy is a leak.
PERSONAL = (PROPOSER, CONTACT, MOBILE, ID_NUMBER, EMAIL, AUTHOR, COMMENT, "已删去")
KEPT = ("如何明确责任分工", "0579-82468101", "市经信局")


def png(width: int = 2, height: int = 2) -> bytes:
    """A real (grey) PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def docx_with_personal_data() -> bytes:
    document = Document()
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = AUTHOR
    document.core_properties.title = f"关于{PROPOSER}委员建议的附件"
    salutation = document.add_paragraph()
    salutation.add_run("杨文").bold = True  # the name split over two runs, one of them bold
    salutation.add_run("艳委员：")
    body = document.add_paragraph(f"经电话沟通（手机{MOBILE}），如何明确责任分工已商定。")
    document.add_comment(body.runs, text=COMMENT, author="李四", initials="LS")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "身份证号"
    table.cell(0, 1).text = ID_NUMBER
    document.add_paragraph().add_run().add_picture(io.BytesIO(png()))
    contact = document.add_paragraph(f"联系人：{CONTACT}，办公电话0579-82468101，邮箱")
    _add_mailto(contact, EMAIL)
    deleted = document.add_paragraph("市经信局")
    deleted._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="9" w:author="{AUTHOR}" w:date="2026-03-01T00:00:00Z">'
        f"<w:r><w:delText>{DELETED}</w:delText></w:r></w:del>"
    ))
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{PROPOSER}委员建议答复附件"
    section.footer.paragraphs[0].text = f"经办人：{CONTACT} {MOBILE}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_mailto(paragraph, address: str) -> None:
    r_id = paragraph.part.relate_to(f"mailto:{address}", RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:t>{address}</w:t></w:r></w:hyperlink>'
    ))


def pdf_with_personal_data(pages: int = 2) -> bytes:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setAuthor(AUTHOR)
    for page in range(pages):
        canvas.setFont("STSong-Light", 12)
        canvas.drawString(72, 760, f"第{page + 1}页：{PROPOSER}委员：")
        canvas.drawString(72, 740, f"手机{MOBILE}，身份证号{ID_NUMBER}，邮箱{EMAIL}。")
        canvas.drawString(72, 720, "如何明确责任分工，办公电话0579-82468101，市经信局。")
        canvas.drawString(72, 700, "联系人：杨文")  # the name broken over two lines
        canvas.drawString(72, 685, "艳，再次感谢。")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def pdf_without_text() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.rect(72, 600, 200, 100, fill=1)  # a scanned page: marks, no text
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def xlsx_with_personal_data() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["姓名", "手机", "说明"])
    sheet.append([PROPOSER, int(MOBILE), "如何明确责任分工"])
    sheet.append([CONTACT, f"{MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]}", "0579-82468101"])
    sheet["D1"] = "=B2"
    sheet["A2"].comment = Comment(COMMENT, AUTHOR)
    workbook.properties.creator = AUTHOR
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_text(data: bytes) -> str:
    """Every part of an Office package, as text: what anyone who unzips the file can read."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
