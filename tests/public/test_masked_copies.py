"""Masked copies of attachments (issue 9 §6), made from real files: nothing personal is left
anywhere in the copy a reader can get at, and nothing else is garbled."""
from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.files_support import (
    CONTACT,
    KEPT,
    MOBILE,
    PERSONAL,
    PROPOSER,
    docx_with_personal_data,
    pdf_with_personal_data,
    pdf_without_text,
    png,
    xlsx_with_personal_data,
    zip_text,
)
from workflow.domain.masking import MaskingRules
from workflow.domain.publication import TEXT_COPY_NOTICE, text_masker
from workflow.masked_copies import masked_copy

RULES = MaskingRules(person_names=(PROPOSER,), contact_names=(CONTACT,), keep_emails_domains=("gov.cn",))
SPANS_OF = text_masker(RULES, ["李四"])


def test_docx_copy_keeps_nothing_personal_anywhere_in_the_package() -> None:
    original = docx_with_personal_data()
    assert all(value in zip_text(original) for value in PERSONAL)  # the file really holds them
    copy = masked_copy("docx", original, SPANS_OF)
    assert copy is not None and copy.kind == "docx" and not copy.text_copy
    everything = zip_text(copy.data)
    assert [value for value in PERSONAL if value in everything] == []
    assert all(value in everything for value in KEPT)


def test_docx_copy_is_the_same_document_masked_run_by_run() -> None:
    copy = masked_copy("docx", docx_with_personal_data(), SPANS_OF)
    document = Document(io.BytesIO(copy.data))
    salutation = document.paragraphs[0]
    assert salutation.text == "杨**委员："
    assert salutation.runs[0].bold and salutation.runs[0].text == "杨**"  # the run the name started in
    assert not salutation.runs[1].bold and salutation.runs[1].text == "委员："
    assert document.paragraphs[1].text == "经电话沟通（手机138****2345），如何明确责任分工已商定。"
    assert document.tables[0].cell(0, 1).text == "330282********1238"
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "杨**委员建议答复附件"
    assert section.footer.paragraphs[0].text == "经办人：邵 * 138****2345"
    assert document.core_properties.author == "" and document.core_properties.title == "关于杨**委员建议的附件"
    assert list(document.inline_shapes) == []  # an image cannot be masked: it goes
    names = {part.partname for part in document.part.package.iter_parts()}
    assert not any("media" in name or "comments" in name for name in names)


def test_xlsx_copy_holds_the_values_masked() -> None:
    copy = masked_copy("xlsx", xlsx_with_personal_data(), SPANS_OF)
    assert copy is not None and copy.kind == "xlsx"
    everything = zip_text(copy.data)
    assert [value for value in PERSONAL if value in everything] == []
    sheet = load_workbook(io.BytesIO(copy.data)).active
    assert sheet.title == "名单"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_col=3)] == [
        ["杨**", "138****2345", "如何明确责任分工"],
        ["邵 *", "138-****-2345", "0579-82468101"],
    ]


def test_pdf_copy_is_a_masked_text_copy_that_says_so() -> None:
    copy = masked_copy("pdf", pdf_with_personal_data(pages=2), SPANS_OF)
    assert copy is not None and copy.kind == "pdf" and copy.text_copy
    reader = PdfReader(io.BytesIO(copy.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert [value for value in PERSONAL if value in text] == []
    assert TEXT_COPY_NOTICE[:10] in text.replace("\n", "")
    assert "原件第1页" in text and "原件第2页" in text
    assert "杨**委员" in text and "138****2345" in text and "330282********1238" in text
    assert "联系人：杨**" in text  # broken over two lines in the original: still one name
    assert all(value in text for value in KEPT)
    assert MOBILE not in str(reader.metadata)


@pytest.mark.parametrize(("kind", "data"), [("png", png()), ("jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
                                            ("pdf", pdf_without_text()), ("pdf", b"%PDF-1.4 broken"),
                                            ("docx", b"PK\x03\x04 broken")])
def test_what_cannot_be_masked_is_not_offered(kind: str, data: bytes) -> None:
    assert masked_copy(kind, data, SPANS_OF) is None
