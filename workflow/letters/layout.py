"""The page geometry and type sizes of a GB/T 9704-2012 letter (信函格式), shared by both renderers.

A reply is a 函, laid out in the standard's 信函格式 (its section 10.1), not in its 文件格式:
the 发文机关标志 with its top edge 30 mm below the top edge of the page; under it, 4 mm down,
a red double line (thick over thin) 170 mm long and centred; the 发文字号 flush right on the
first line under it, 7/8 of a 三号 character below it (份号-like marks flush left on the same
line); the title two lines further down; a second red double line (thin over thick) 20 mm
above the foot of the first page; no page number on the first page; a 版记 without 印发机关,
印发日期 or separator lines, at the foot of the last page's 版心. The rest follows the general
rules: A4, margins 37/35/28/26 mm, 22 lines of 28 characters of 三号 (5.2), 附件说明 (7.3.4),
署名 and 成文日期 without a seal (7.3.5.2), 附注 in brackets under the date (7.3.6), 抄送 in
四号 (7.4.2), page numbers (7.5).

Sources: GB/T 9704-2012 党政机关公文格式 sections 5.2, 7 and 10.1, as quoted by the
standard's published text and its summaries (e.g. beidanyezhu.com/a/3629.html on 10.1: "发文
机关标志下4mm处为一条红色双线（上粗下细），距下页边20mm处为一条红色双线（上细下粗），线长均
为170mm … 发文字号顶格居版心右边缘编排在第一条红色双线下，与该线的距离为3号汉字高度的7/8 …
首页不显示页码 … 版记中不加印发机关、印发日期及分隔线").

Lengths are in points (1/72 inch) unless the name says otherwise.
"""
from __future__ import annotations

MM = 72 / 25.4

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM  # 156 mm: the 版心
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - TOP_MM - BOTTOM_MM  # 225 mm

PAGE_WIDTH, PAGE_HEIGHT = PAGE_WIDTH_MM * MM, PAGE_HEIGHT_MM * MM
TEXT_WIDTH, TEXT_HEIGHT = TEXT_WIDTH_MM * MM, TEXT_HEIGHT_MM * MM

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = 28.95  # 22 lines fill the 225 mm 版心; Word's own 公文 templates use 579 twips
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE  # ≈ 15.79 pt: 28 characters of 3号 fill 156 mm

SIZE_2 = 22.0  # 二号: the title
SIZE_3 = 16.0  # 三号: body, headings, signature, 附注
SIZE_4 = 14.0  # 四号: page numbers, 抄送
BANNER_SIZE = 44.0  # 发文机关标志: the standard leaves the size to the issuer; squeezed when long
BANNER_MIN_SCALE = 0.55  # below this a long name gets a smaller size rather than thinner glyphs
TITLE_LEADING = 36.0

# 信函格式 (10.1)
BANNER_TOP_MM = 30  # top edge of the 发文机关标志 below the top edge of the page
DOUBLE_LINE_GAP_MM = 4  # from the banner's lower edge to the first double line
DOUBLE_LINE_LENGTH_MM = 170  # both double lines, centred on the 版心
FOOT_LINE_MM = 20  # the second double line's lower edge above the foot of the first page
THICK_LINE, THIN_LINE, LINE_GAP = 2.0, 0.75, 1.5  # the double line: thick, thin, white between
DOUBLE_LINE_HEIGHT = THICK_LINE + LINE_GAP + THIN_LINE
UNDER_LINE = 7 / 8 * SIZE_3  # from a double line to the nearest 三号 characters
RED = (0xE6, 0x00, 0x12)  # the red of 红头文件
PAGE_NUMBER_GAP_MM = 7  # the page number's dashes sit 7 mm below the 版心 (7.5)


def text_width_in_chars(text: str) -> float:
    """Width in 3号 characters: Chinese and full-width forms are one, ASCII half a character."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’·" else 1.0 for ch in text)


def banner_size_and_scale(issuer: str) -> tuple[float, float]:
    """Font size and horizontal scale (1.0 = none) that fit the banner into the 版心 width."""
    chars = max(text_width_in_chars(issuer), 1)
    natural = chars * BANNER_SIZE
    if natural <= TEXT_WIDTH:
        return BANNER_SIZE, 1.0
    scale = TEXT_WIDTH / natural
    if scale >= BANNER_MIN_SCALE:
        return BANNER_SIZE, scale
    return TEXT_WIDTH / (chars * BANNER_MIN_SCALE), BANNER_MIN_SCALE


def signature_right_indents(issuer: str, date_text: str) -> tuple[float, float]:
    """Right indents, in characters, of the 发文机关署名 and of the 成文日期 below it.

    GB/T 9704-2012 7.3.5.2 for a letter without a seal: the issuer stands right, two characters
    in; the date starts two characters right of the issuer's first character; when the date
    would then come closer than two characters to the right edge, the date keeps two and the
    issuer moves left.
    """
    issuer_chars = text_width_in_chars(issuer)
    date_chars = text_width_in_chars(date_text)
    date_right = issuer_chars - date_chars
    if date_right >= 2:
        return 2.0, date_right
    return 4 + date_chars - issuer_chars, 2.0


TITLE_MAX_CHARS = 20  # 2号 characters on one title line of the 156 mm 版心
_NO_LINE_START = set("，。、；：？！）》〕」』”’…—%")
_NO_LINE_END = set("（《〔「『“‘")
_GOOD_BREAK_AFTER = ("会议", "的", "》", "”", "提案", "建议")


def title_lines(title: str, max_chars: float = TITLE_MAX_CHARS) -> list[str]:
    """Break a long title into balanced lines, longest first (GB/T 9704 7.3.2: 梯形 or 菱形).

    Breaks never split a run of digits or Latin letters, never start a line with closing
    punctuation, and prefer to follow a word end such as 会议 or 的.
    """
    title = title.strip()
    total = text_width_in_chars(title)
    if total <= max_chars:
        return [title]
    lines = []
    rest = title
    while text_width_in_chars(rest) > max_chars:
        remaining_lines = -(-text_width_in_chars(rest) // max_chars)
        target = text_width_in_chars(rest) / remaining_lines
        cut = _best_cut(rest, target, max_chars)
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return lines


def _best_cut(text: str, target: float, max_chars: float) -> int:
    best, best_score = None, None
    for cut in range(1, len(text)):
        head = text[:cut]
        width = text_width_in_chars(head)
        if width > max_chars:
            break
        if not _can_break(text, cut):
            continue
        score = abs(width - target) * 2 - (7 if head.endswith(_GOOD_BREAK_AFTER) else 0)
        score += 0 if width >= target else 0.5  # the longer line goes first
        if best_score is None or score < best_score:
            best, best_score = cut, score
    return best or len(text)


def _can_break(text: str, cut: int) -> bool:
    before, after = text[cut - 1], text[cut]
    if before.isascii() and after.isascii() and (before.isalnum() and after.isalnum()):
        return False
    return after not in _NO_LINE_START and before not in _NO_LINE_END
