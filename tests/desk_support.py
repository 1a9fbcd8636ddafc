"""Sheets for the desk's tests: an XLSX made from a header and rows, as an office would fill it."""
from __future__ import annotations

import io

from openpyxl import Workbook

PROPOSAL_HEADER = ["会次", "类型", "编号", "标题", "提出人", "联名人", "集体名称", "分类", "正文"]


def xlsx(header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def proposal_rows(w, n: int, start: int = 1, numbered: bool = False) -> list[list]:
    """n good rows for the World's CPPCC session, by its two members, alternating."""
    rows = []
    for i in range(start, start + n):
        proposer = "杨文艳" if i % 2 else "proposer2"
        rows.append([w.session.name, "提案", f"第{i}号" if numbered else "", f"关于第{i}件事的提案", proposer,
                     "", "", w.category.name if numbered else "", f"建议第{i}条：……"])
    return rows
