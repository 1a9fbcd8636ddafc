"""The WordprocessingML that python-docx has no API for, in small named pieces.

Each function edits one element: a run's four font slots, the section's document grid, a
paragraph's indents in characters, a border, a PAGE field, a table floated to the page foot.
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# pPr children in the order the schema (CT_PPrBase) wants them.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)
_W_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def set_fonts(rpr: BaseOxmlElement, font: str) -> None:
    """Name `font` in all four slots: Chinese text, Latin text, digits and quotes alike.

    Setting w:eastAsia alone would leave digits and curly quotes to the Latin font; a theme
    attribute (w:asciiTheme …) would override the names, so the element is replaced whole.
    """
    slots = {slot: font for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")}
    _put(rpr, "w:rFonts", {**slots, "w:hint": "eastAsia"}, _RPR_ORDER)


def set_size(rpr: BaseOxmlElement, points: float) -> None:
    half_points = str(round(points * 2))
    for tag in ("w:sz", "w:szCs"):
        _put(rpr, tag, {"w:val": half_points}, _RPR_ORDER)


def set_east_asian_language(rpr: BaseOxmlElement) -> None:
    _put(rpr, "w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}, _RPR_ORDER)


def set_horizontal_scale(rpr: BaseOxmlElement, percent: int) -> None:
    """w:w: glyphs drawn at `percent` of their width (the banner of a long issuer name)."""
    _put(rpr, "w:w", {"w:val": str(percent)}, _RPR_ORDER)


def set_document_grid(sect_pr: BaseOxmlElement, line_pitch_twips: int) -> None:
    """Lines snap to a grid of `line_pitch_twips` (22 lines a page)."""
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch_twips))
    sect_pr.append(grid)


def set_char_spacing(rpr: BaseOxmlElement, twips: int) -> None:
    """w:spacing: space added after each character (negative: taken away)."""
    _put(rpr, "w:spacing", {"w:val": str(twips)}, _RPR_ORDER)


def set_flag(ppr: BaseOxmlElement, tag: str, on: bool) -> None:
    """An on/off paragraph property such as w:snapToGrid or w:widowControl."""
    _put(ppr, tag, {"w:val": "1" if on else "0"}, _PPR_ORDER)


def set_char_indents(
    ppr: BaseOxmlElement, *, first_line: float = 0, left: float = 0, hanging: float = 0,
    right: float = 0, char_twips: float,
) -> None:
    """Indents in characters (w:firstLineChars …, which Word and WPS use with a grid), with the
    same lengths in twips for readers that ignore the character forms."""
    attributes = {}
    for name, chars in (("firstLine", first_line), ("left", left), ("hanging", hanging), ("right", right)):
        if chars:
            attributes[f"w:{name}"] = str(round(chars * char_twips))
            attributes[f"w:{name}Chars"] = str(round(chars * 100))
    _put(ppr, "w:ind", attributes, _PPR_ORDER)


def set_border(ppr: BaseOxmlElement, edge: str, *, style: str, color: str, eighths: int, space_points: int) -> None:
    """One border of a paragraph: `style` such as "thickThinSmallGap" (a thick line over a
    thin one, for a bottom border) or "thinThickSmallGap"; `eighths` of a point wide in all."""
    border = _put(ppr, "w:pBdr", {}, _PPR_ORDER)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("w:val", style), ("w:sz", str(eighths)), ("w:space", str(space_points)),
                       ("w:color", color)):
        line.set(qn(key), value)
    border.append(line)


def add_page_field(paragraph, make_run) -> None:
    """A PAGE field: begin, instruction, separator, a placeholder digit, end."""
    parts = (("fldChar", "begin"), ("instrText", " PAGE "), ("fldChar", "separate"), ("t", "1"),
             ("fldChar", "end"))
    for kind, value in parts:
        run = make_run(paragraph)
        element = OxmlElement(f"w:{kind}")
        if kind == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.text = value
            element.set(qn("xml:space"), "preserve")
        run._r.append(element)


def float_table_to_page(table, *, width_twips: int, y_twips: int) -> None:
    """Float the table to `y_twips` below the top edge of the page it falls on, within the
    margins left and right (the 版记 at the foot of the last page)."""
    tbl_pr = table._tbl.tblPr
    position = {
        "w:leftFromText": "0", "w:rightFromText": "0", "w:topFromText": "0", "w:bottomFromText": "0",
        "w:vertAnchor": "page", "w:horzAnchor": "margin", "w:tblpXSpec": "center", "w:tblpY": str(y_twips),
    }
    _put(tbl_pr, "w:tblpPr", position, _TBLPR_ORDER)
    _put(tbl_pr, "w:tblOverlap", {"w:val": "never"}, _TBLPR_ORDER)
    _put(tbl_pr, "w:tblW", {"w:w": str(width_twips), "w:type": "dxa"}, _TBLPR_ORDER)


def _put(
    parent: BaseOxmlElement, tag: str, attributes: dict[str, str], order: tuple[str, ...]
) -> BaseOxmlElement:
    """Replace or add a child, keeping the order the schema wants (Word rejects other orders)."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(key), value)
    rank = order.index(tag)
    for index, child in enumerate(parent):
        name = str(child.tag).replace(_W_NAMESPACE, "w:")
        if name in order and order.index(name) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element
