"""The reply letter (答复函) as plain data, ready for the DOCX and PDF renderers.

No Flask, no database: the service that approves a reply builds a `ReplyLetter` from its rows
and hands it to `render_docx` or `render_pdf`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReplyLetter:
    issuer: str  # 发文机关, e.g. "金华市经济和信息化局"; the red banner and the signature
    doc_number: str  # 发文字号, e.g. "金经信办建〔2023〕31号"; a letter has no 签发人
    title: str  # e.g. "关于对金华市八届人大三次会议义12号建议答复的函"
    salutation: str  # 主送, e.g. "何**代表："
    body: str  # paragraphs separated by newlines; headings found by their prefix (see body.py)
    date: date  # 成文日期
    resolution: str | None = None  # 解决类别, e.g. "A", printed top left as "解决类别：A"
    disclosure: str | None = None  # 公开方式, e.g. "主动公开" / "不予公开", printed top left
    copy_to: tuple[str, ...] = ()  # 抄送
    contact: str | None = None  # "联系人：邵 *，联系电话：0579-82468101", the 附注
    attachments: tuple[str, ...] = ()  # 附件 names, e.g. file names

    @property
    def date_text(self) -> str:
        """成文日期 with Arabic numerals and no leading zeros (GB/T 9704-2012 7.3.5.1)."""
        return format_chinese_date(self.date)

    @property
    def copy_to_text(self) -> str | None:
        """The 抄送 line: names joined by 、 and closed with 。, or None without recipients."""
        names = [name.strip() for name in self.copy_to if name.strip()]
        if not names:
            return None
        return "抄送：" + "、".join(names) + "。"

    @property
    def note_text(self) -> str | None:
        """The 附注 under the date, in brackets (GB/T 9704 7.3.6)."""
        return f"（{self.contact.strip()}）" if self.contact and self.contact.strip() else None

    @property
    def attachment_lines(self) -> tuple[str, ...]:
        """附件说明 (GB/T 9704 7.3.4): "附件：name", or "附件：1.name" then "2.name" …, names
        without their file extension and without closing punctuation."""
        names = [_attachment_name(name) for name in self.attachments]
        names = [name for name in names if name]
        if len(names) == 1:
            return (f"附件：{names[0]}",)
        return tuple(("附件：" if number == 1 else "") + f"{number}.{name}" for number, name in enumerate(names, 1))

    @property
    def corner_lines(self) -> tuple[str, ...]:
        """The lines printed top left of the first page, where GB/T 9704 puts 份号 and 密级."""
        lines = []
        if self.resolution:
            lines.append(f"解决类别：{self.resolution}")
        if self.disclosure:
            lines.append(f"公开方式：{self.disclosure}")
        return tuple(lines)


ATTACHMENT_LABEL_CHARS = 3  # "附件：": later lines of the list align after it


def _attachment_name(name: str) -> str:
    stem, dot, extension = name.strip().rpartition(".")
    if dot and stem and 1 <= len(extension) <= 5 and extension.isalnum():
        name = stem
    return name.strip().rstrip("。.，,；;")


def format_chinese_date(day: date) -> str:
    """2023-07-13 -> "2023年7月13日"."""
    return f"{day.year}年{day.month}月{day.day}日"
