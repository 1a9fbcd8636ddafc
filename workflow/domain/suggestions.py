"""The numbered suggestions of a proposal (issue 11): the 建议 part's measures, found as a
proposal office reads them, so a reply can be checked against each one.

A proposal ends with what it asks for: after a line such as 为此建议： / 建议如下 / 三、对策建议,
measures numbered 1. 2. 3. (or 1、 （1） 一、 （一） ①, or inline 一是…二是…). The numbered run that
follows the last such line is the suggestions; without such a line, the last run of two or more
consecutive numbers in the text. A run must start at 1 and count up without gaps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}

# Each numbering style: a pattern at the start of a paragraph whose group 1 is the number.
STYLES = {
    "arabic": re.compile(r"^(\d{1,2})\s*[\.．、](?!\d)"),
    "paren_arabic": re.compile(r"^[（(](\d{1,2})[）)]"),
    "chinese": re.compile(r"^([一二三四五六七八九十]{1,3})\s*、"),
    "paren_chinese": re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]"),
    "circled": re.compile(r"^([\u2460-\u2473])"),
}
INLINE = re.compile(r"([一二三四五六七八九十])是")
SUGGESTION_PART = re.compile(
    r"(为此|特此|现|故)?(提出)?(如下|以下)?(几点)?(对策)?建议[：:如]|建议如下|对策(与|和|及)?建议|意见(与|和|及)?建议|"
    r"(建议|对策|办法|措施)[：:]\s*$|具体建议"
)
_LEAD = re.compile(r"^[\s\u3000\u00a0•·]+")
HEADING_MAX = 60


@dataclass(frozen=True)
class Suggestion:
    number: int
    marker: str  # as written: "1.", "（一）", "一是"
    heading: str  # its first sentence, at most HEADING_MAX characters
    text: str  # the whole measure


def number_of(token: str) -> int | None:
    if token in CIRCLED:  # before isdigit(), which ① passes
        return CIRCLED[token]
    if token.isascii() and token.isdigit():
        return int(token)
    if token in CHINESE_DIGITS:
        return CHINESE_DIGITS[token]
    if token.startswith("十") and len(token) == 2 and token[1] in CHINESE_DIGITS:
        return 10 + CHINESE_DIGITS[token[1]]
    if len(token) in (2, 3) and token[0] in CHINESE_DIGITS and token[1] == "十":
        return CHINESE_DIGITS[token[0]] * 10 + (CHINESE_DIGITS.get(token[2], 0) if len(token) == 3 else 0)
    return None


def paragraphs(text: str) -> list[str]:
    return [_LEAD.sub("", line).strip() for line in (text or "").splitlines() if line.strip()]


def heading(text: str) -> str:
    first = re.split(r"[。；;！!？?]", text, maxsplit=1)[0].strip()
    return first[:HEADING_MAX]


def extract(text: str) -> list[Suggestion]:
    lines = paragraphs(text)
    start = 0
    for i, line in enumerate(lines):
        if SUGGESTION_PART.search(line):
            start = i
    runs = [run for run in _runs(lines) if run[0][0] >= start]
    if start and not runs:
        runs = [run for run in _runs(lines) if run[-1][0] >= start]
    if runs:
        chosen = runs[0] if start else runs[-1]
        return _suggestions(lines, chosen)
    return _inline(lines[start:])


def _runs(lines: list[str]) -> list[list[tuple[int, int, str, str]]]:
    """Runs of consecutive numbers from 1, per style: [(line index, number, marker, rest)], in
    the order they start."""
    found = []
    for pattern in STYLES.values():
        run: list[tuple[int, int, str, str]] = []
        for i, line in enumerate(lines):
            m = pattern.match(line)
            n = number_of(m.group(1)) if m else None
            if n is None:
                continue
            if n == 1:
                if len(run) >= 2:
                    found.append(run)
                run = [(i, n, m.group(0), line[m.end():].strip())]
            elif run and n == run[-1][1] + 1:
                run.append((i, n, m.group(0), line[m.end():].strip()))
        if len(run) >= 2:
            found.append(run)
    return sorted(found, key=lambda r: r[0][0])


def _suggestions(lines: list[str], run: list[tuple[int, int, str, str]]) -> list[Suggestion]:
    result = []
    for k, (i, n, marker, rest) in enumerate(run):
        end = run[k + 1][0] if k + 1 < len(run) else i + 1
        body = " ".join([rest] + lines[i + 1:end]).strip()
        result.append(Suggestion(n, marker.strip(), heading(rest), body))
    return result


def _inline(lines: list[str]) -> list[Suggestion]:
    """一是……；二是……；三是…… inside a paragraph."""
    for line in lines:
        marks = list(INLINE.finditer(line))
        numbers = [CHINESE_DIGITS[m.group(1)] for m in marks]
        if len(marks) >= 2 and numbers[: len(marks)] == list(range(1, len(marks) + 1)):
            result = []
            for k, m in enumerate(marks):
                end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
                body = line[m.end():end].strip(" ，,；;。")
                result.append(Suggestion(k + 1, m.group(0), heading(body), body))
            return result
    return []
