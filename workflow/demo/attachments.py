"""The demo's attachments (issue 9 §6): a trainee list in Word holding names, mobiles and an ID
number, and a site photo, attached to a published reply, so the portal shows what it offers of
attachments: a masked copy of the list, and no photo (an image cannot be masked)."""
from __future__ import annotations

import io
import struct
import zlib

from docx import Document

from workflow.services.uploads import Upload


def trainee_list(proposer: str) -> Upload:
    document = Document()
    document.core_properties.author = "邵军"
    document.add_heading("小微企业经营管理培训补贴学员名单", level=1)
    document.add_paragraph(f"{proposer}委员转来的学员诉求，经核实如下：")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("姓名", "联系电话", "身份证号"), strict=True):
        cell.text = text
    for name, phone, number in (("李建华", "138 5791 2345", "330702198805061234"),
                                ("周晓燕", "Tel: 139-5791-6789", "330782199203155128")):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = name, phone, number
    document.add_paragraph("培训咨询：市经信局中小企业处，电话0579-82469726。")
    out = io.BytesIO()
    document.save(out)
    return Upload(f"培训补贴学员名单（{proposer}委员转来）.docx", out.getvalue())


def site_photo() -> Upload:
    """A small grey PNG standing for a photo of the training site."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xa0" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return Upload("培训现场照片.png", data)
