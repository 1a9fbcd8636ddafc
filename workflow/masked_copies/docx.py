"""A DOCX attachment masked in place with python-docx: the same document, its text masked run by
run, its layout kept.

Every paragraph of the body, the tables, the headers, the footers, the footnotes and the endnotes
is masked as one text (a name split over two runs is still a name); the replacement goes into the
run where the span starts and the rest of the span is cut from the runs it covers, so each run
keeps its formatting. Field codes (`HYPERLINK "mailto:…"`) are masked on their own, and a
hyperlink whose address the rules would mask loses its address but keeps its text.

What the rules cannot read, or what is not for the public, does not leave: images, drawings and
text boxes, embedded objects and packages, comments, tracked deletions and moved-from text,
custom XML, the thumbnail, the glossary, the attached template, and the author, last editor,
keywords and comments of the document's properties (its title is masked). The parts kept are a
whitelist (`KEPT_RELATIONSHIPS`), so whatever a later Word version adds is left out too.
"""
from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory, XmlPart
from docx.oxml.ns import qn

from workflow.domain.masking import Span, apply

SpansOf = Callable[[str], list[Span]]

# python-docx reads footnotes and endnotes as opaque bytes; as XML parts they can be masked and
# are written back unchanged otherwise.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)
PartFactory.part_type_for.setdefault(CT.WML_ENDNOTES, XmlPart)

KEPT_RELATIONSHIPS = frozenset({
    RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.STYLES, RT.NUMBERING, RT.SETTINGS, RT.FONT_TABLE,
    RT.WEB_SETTINGS, RT.THEME, RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES, RT.HYPERLINK,
})
# Markup Compatibility wraps drawings and shapes in alternatives; both go with what they hold.
_ALTERNATE_CONTENT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
DROPPED_ELEMENTS = (_ALTERNATE_CONTENT, *(qn(tag) for tag in (
    "w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object", "w:altChunk", "w:commentReference",
    "w:commentRangeStart", "w:commentRangeEnd", "w:attachedTemplate", "w:docVars",
)))
MASKED_PARTS = (CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER, CT.WML_FOOTNOTES, CT.WML_ENDNOTES)
_REFERENCES = tuple(qn(name) for name in ("r:id", "r:embed", "r:link", "r:pict"))
_P, _T, _INSTR, _HYPERLINK = qn("w:p"), qn("w:t"), qn("w:instrText"), qn("w:hyperlink")


def masked_docx(data: bytes, spans_of: SpansOf) -> bytes:
    document = Document(io.BytesIO(data))
    package = document.part.package
    _keep_relationships(package)
    for part in list(package.iter_parts()):
        if not isinstance(part, XmlPart):
            continue
        _drop_elements(part)
        if part.content_type in MASKED_PARTS:
            _unlink_masked_addresses(part, spans_of)
            _mask_paragraphs(part.element, spans_of)
    _clear_properties(document, spans_of)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _keep_relationships(package) -> None:
    """Only the whitelisted relationships stay; the parts no longer reached are not written."""
    sources = [package, *package.iter_parts()]
    for source in sources:
        for r_id, rel in list(source.rels.items()):
            if rel.reltype not in KEPT_RELATIONSHIPS:
                del source.rels[r_id]


def _unlink_masked_addresses(part, spans_of: SpansOf) -> None:
    for r_id, rel in list(part.rels.items()):
        if rel.is_external and spans_of(rel.target_ref):
            del part.rels[r_id]
    _drop_dangling(part)


def _drop_elements(part) -> None:
    root = part.element
    for element in [e for e in root.iter(*DROPPED_ELEMENTS)]:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    _drop_dangling(part)


def _drop_dangling(part) -> None:
    """Whatever still points at a relationship that was dropped goes; a hyperlink keeps its text."""
    for element in list(part.element.iter()):
        for attribute in _REFERENCES:
            target = element.get(attribute)
            if target is None or target in part.rels:
                continue
            if element.tag == _HYPERLINK:
                del element.attrib[attribute]
            elif element.getparent() is not None:
                element.getparent().remove(element)
                break


def _mask_paragraphs(root, spans_of: SpansOf) -> None:
    for paragraph in root.iter(_P):
        # Text boxes nest paragraphs; each text belongs to its nearest paragraph.
        texts = [t for t in paragraph.iter(_T) if next(t.iterancestors(_P), None) is paragraph]
        _mask_runs(texts, spans_of)
    for code in root.iter(_INSTR):
        _set_text(code, apply(code.text or "", spans_of(code.text or "")))
    for simple in root.iter(qn("w:fldSimple")):
        instruction = simple.get(qn("w:instr")) or ""
        simple.set(qn("w:instr"), apply(instruction, spans_of(instruction)))


def _mask_runs(texts: list, spans_of: SpansOf) -> None:
    """Mask the paragraph's text as one; each replacement goes into the run where its span starts."""
    full = "".join(t.text or "" for t in texts)
    spans = spans_of(full)
    if not spans:
        return
    start = 0
    for element in texts:
        end = start + len(element.text or "")
        pieces, cursor = [], start
        for span in spans:
            if span.end <= start or span.start >= end:
                continue
            pieces.append(full[cursor:max(span.start, start)])
            if span.start >= start:
                pieces.append(span.replacement)
            cursor = min(span.end, end)
        pieces.append(full[cursor:end])
        _set_text(element, "".join(pieces))
        start = end


def _set_text(element, text: str) -> None:
    if element.text != text:
        element.text = text
        element.set(qn("xml:space"), "preserve")  # keep the space in `邵 *`


def _clear_properties(document, spans_of: SpansOf) -> None:
    properties = document.core_properties
    for name in ("author", "last_modified_by", "comments", "keywords", "category", "content_status",
                 "identifier", "subject", "version"):
        setattr(properties, name, "")
    properties.title = apply(properties.title or "", spans_of(properties.title or ""))
