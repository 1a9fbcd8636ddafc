"""The page geometry and type sizes of GB/T 9704-2012 (党政机关公文格式), shared by both renderers.

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
SIZE_3 = 16.0  # 三号: body, headings, signature, 抄送
SIZE_4 = 14.0  # 四号: page numbers, 版记
BANNER_SIZE = 44.0  # 发文机关标志: the standard leaves the size to the issuer; squeezed when long
BANNER_MIN_SCALE = 0.55  # below this a long name gets a smaller size rather than thinner glyphs
TITLE_LEADING = 36.0

BANNER_TOP_MM = 35  # 发文机关标志 top edge below the top of the 版心 (7.2.4)
RED_LINE_GAP_MM = 4  # the red separator line sits 4 mm below the 发文字号 (7.2.7)
RED_LINE_WIDTH = 2.0
RED = (0xE6, 0x00, 0x12)  # the red of 红头文件
PAGE_NUMBER_GAP_MM = 7  # the page number's dashes sit 7 mm below the 版心 (7.5)
RULE_THICK, RULE_THIN = 0.35 * MM, 0.25 * MM  # 版记 separator lines (7.4.1)


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
