"""One check of the 信函格式 rule for every place that offers the letter (browser, API, public
portal): the tests of those places call it on the bytes they downloaded."""
from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader


def assert_letter_format(pdf: bytes, docx: bytes, doc_number: str) -> None:
    """The 发文字号 in the first page's letterhead, no 签发人, no page number on page 1."""
    first = "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert doc_number in first and "签发人" not in first and "—1—" not in first
    document = Document(io.BytesIO(docx))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    head = "\n".join(p.text for p in section.first_page_header.paragraphs)
    assert doc_number in head
    assert " PAGE " not in section.first_page_footer._element.xml
    assert "签发人" not in head + "\n".join(p.text for p in document.paragraphs)
