"""Names in a reply: masked where they stand as names, never inside another word (issue 9 §6).

Proposers and co-signers become surname + `**`, the bureau's contact person surname + ` *` (as in
the published samples: `何**代表`, `联系人:邵 *`). A person listed as both gets the proposer's mask.

Where a listed name's characters occur (also with a space between them, `肖 刚`, as names are
padded to the width of three characters, and with invisible characters inside, which the View
drops), they are the name when
- Chinese word segmentation (workflow/domain/segmentation.py, with the listed names added to its
  dictionary) puts a word edge before and after them: no word of the dictionary crosses either
  edge. 何明 in `何明代表`, `致何明：`, `与何明沟通` is masked; in `如何明确` (如何 crosses its
  start) and `任何明显` it is not. Or when
- a title follows (委员, 代表, 同志, 先生, 女士) and no word crosses the start: `何明代表` whatever
  the characters after the title.
Only the Chinese characters next to the name are segmented (up to `WINDOW` on each side): only a
Chinese word can cross a name's edge.

What this cannot know, stated so nobody rediscovers it: where the name's last character and the
next characters make a stronger word, the name loses (`何明天来过` reads as 何 明天; a title or
punctuation after a name, as letters write them, settles it). A name that is also a common word
(高明 "brilliant") is masked where that word stands alone. An unlisted person whose name starts
with a listed one is someone else and stays (`王海洋` for a listed 王海). Names shorter than two
characters are ignored: their mask would be the character itself.
"""
from __future__ import annotations

import re

from workflow.domain import segmentation
from workflow.domain.masking_base import MaskingRules, Span, SpanKind, View

PERSON_MASK = "**"
CONTACT_MASK = " *"
TITLES = ("委员", "代表", "同志", "先生", "女士")
WINDOW = 12  # Chinese characters read on each side of a name

_NAME_GAP = "[ \u00a0]?"  # 肖 刚 (an ideographic space is folded to a space by the View)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Two-character surnames from the 百家姓 and common usage, simplified and traditional forms.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "令狐", "夏侯", "端木", "轩辕", "西门", "南宫", "独孤", "百里",
    "呼延", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "仲孙",
    "钟离", "闻人", "万俟", "赫连", "拓跋", "第五", "公羊", "东郭", "左丘", "司空",
    "梁丘", "鲜于", "闾丘", "子车", "亓官", "巫马", "公西", "漆雕", "乐正", "壤驷",
    "公良", "谷梁", "段干", "东门", "羊舌", "微生", "南门", "归海", "夹谷", "宰父",
    "拓拔", "公户", "公玉", "公仪", "歐陽", "司馬", "諸葛", "東方", "尉遲", "長孫",
    "軒轅", "西門", "獨孤", "澹臺", "鍾離", "聞人", "赫連", "公孫", "鮮于", "閭丘",
    "樂正", "穀梁", "東郭", "東門", "南門",
})


def squeeze(name: str) -> str:
    """A name as listed, without spaces or invisible characters, full-width forms folded."""
    return "".join(View.of(name).searched.split())


def surname(name: str) -> str:
    """The surname of a Chinese name: a known compound surname when the name is long enough to
    hold a given name after it, else the first character (`欧阳修文` -> `欧阳`, `欧阳` -> `欧`).
    """
    name = squeeze(name)
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def spans(view: View, rules: MaskingRules) -> list[Span]:
    masks: dict[str, tuple[SpanKind, str]] = {}
    for kind, names, suffix in (("contact", rules.contact_names, CONTACT_MASK),
                                ("person", rules.person_names, PERSON_MASK)):
        for name in map(squeeze, names):
            if len(name) >= 2:
                masks[name] = (kind, surname(name) + suffix)
    if not masks:
        return []
    # Longest first: the regex takes the first alternative that matches at a position, so 王海涛
    # is never cut to 王**涛 by a listed 王海.
    ordered = sorted(masks, key=len, reverse=True)
    pattern = re.compile("|".join(_NAME_GAP.join(map(re.escape, name)) for name in ordered))
    found = []
    for match in pattern.finditer(view.searched):
        name = "".join(match.group().split())
        if stands_as_name(view.searched, match.start(), match.end(), name, ordered):
            kind, replacement = masks[name]
            found.append(view.span(match.start(), match.end(), kind, replacement))
    return found


def stands_as_name(text: str, start: int, end: int, name: str, names: list[str]) -> bool:
    """Whether text[start:end] (the characters of `name`) is the name there, not part of words."""
    left = _han_run(reversed(text[max(0, start - WINDOW):start]))[::-1]
    right = _han_run(text[end:end + WINDOW])
    cuts = segmentation.cuts(left + name + right, names)
    if len(left) not in cuts:
        return False
    return len(left) + len(name) in cuts or text[end:].lstrip(" ").startswith(TITLES)


def _han_run(chars) -> str:
    run = []
    for ch in chars:
        if not _HAN.match(ch):
            break
        run.append(ch)
    return "".join(run)

