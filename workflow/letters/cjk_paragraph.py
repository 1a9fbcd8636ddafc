"""A ReportLab flowable that sets Chinese text on the 公文 grid: fixed character pitch, justified.

ReportLab's own ``Paragraph(wordWrap="CJK")`` breaks Chinese lines, but for a GB/T 9704 page it
falls short three ways: it does not justify CJK lines (it stretches spaces, which Chinese has
none of), its no-line-start list misses the full-width comma, colon, semicolon, question and
exclamation marks and the closing quotes (，：；？！”’》), and it has no character spacing, which
is how 28 characters of 三号 fit the 156 mm line. This flowable does those three things and
nothing more: runs of text in given fonts, broken into lines, each line drawn with one
character spacing (PDF ``Tc``) that makes it fill the measure.

Line breaking: a run of digits or Latin letters ("2023", "0579-82469726") is not split;
closing punctuation stays with the character before it and opening punctuation with the one
after it. A line that would end in closing punctuation just past the measure is squeezed
instead (the way Word and WPS compress punctuation), so no line starts with "，".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

ASCENT = 0.88  # of the ideographic em box, as a share of the font size

CANNOT_START = frozenset("，。、；：？！）》〉」』】〕］｝”’…—·％,.;:?!)]}%")
CANNOT_END = frozenset("（《〈「『【〔［｛“‘([{")
_FUZZ = 1e-6


@dataclass(frozen=True)
class Run:
    """Text in one font; `stroke` > 0 strokes the outlines that wide to imitate a bold face."""

    text: str
    font: str
    stroke: float = 0.0


@dataclass(frozen=True)
class _Char:
    text: str
    run: int
    advance: float  # glyph width plus the grid's base character spacing


@dataclass(frozen=True)
class _Line:
    chars: tuple[_Char, ...]
    indent: float  # left indent of this line
    measure: float  # the width the line may fill
    last: bool  # a paragraph's last line is not justified

    @property
    def natural_width(self) -> float:
        return sum(char.advance for char in self.chars)


class CjkParagraph(Flowable):
    """Runs of Chinese text broken into lines of `leading` height and `pitch`-wide characters.

    Indents are in characters of `pitch`: `first_indent` for the first line (2 for 首行缩进),
    `indent` for the others, `right_indent` on the right. `align` is "justify", "left",
    "right" or "center"; justified text leaves its last line ragged.
    """

    def __init__(
        self,
        runs: Sequence[Run],
        *,
        size: float,
        leading: float,
        pitch: float | None = None,
        first_indent: float = 0,
        indent: float = 0,
        right_indent: float = 0,
        align: str = "justify",
        color: Color = black,
        lines: Sequence[_Line] | None = None,
    ) -> None:
        super().__init__()
        self.runs = tuple(runs)
        self.size, self.leading = size, leading
        self.pitch = pitch if pitch is not None else size
        self.first_indent, self.indent, self.right_indent = first_indent, indent, right_indent
        self.align, self.color = align, color
        self.lines: list[_Line] = list(lines) if lines is not None else []
        self._laid_out_for = None if lines is None else "fixed"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    # -- platypus protocol ---------------------------------------------------------------

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._laid_out_for not in ("fixed", available_width):
            self.lines = self._break_lines(available_width)
            self._laid_out_for = available_width
        self.width = available_width
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fitting = int((available_height + _FUZZ) // self.leading)
        if fitting <= 0:
            return []
        if fitting >= len(self.lines):
            return [self]
        return [self._with_lines(self.lines[:fitting]), self._with_lines(self.lines[fitting:])]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(max((run.stroke for run in self.runs), default=0) or 1)
        base_spacing = self.pitch - self.size
        for number, line in enumerate(self.lines):
            top = self.height - number * self.leading
            baseline = top - (self.leading - self.size) / 2 - ASCENT * self.size
            spacing, x = self._spacing_and_start(line)
            text = canvas.beginText(x, baseline)
            text.setCharSpace(base_spacing + spacing)
            for run_index, segment in _segments(line.chars):
                run = self.runs[run_index]
                text.setFont(run.font, self.size)
                text.setTextRenderMode(2 if run.stroke else 0)
                text.textOut(segment)
            canvas.drawText(text)
        canvas.restoreState()

    def split_last_line(self, width: float) -> tuple[CjkParagraph | None, CjkParagraph]:
        """The paragraph as (all lines but the last, the last line) laid out for `width`, so
        that the last line can be kept with what follows; (None, self) for one line."""
        self.wrap(width, 0)
        if len(self.lines) < 2:
            return None, self
        return self._with_lines(self.lines[:-1]), self._with_lines(self.lines[-1:])

    # -- layout ----------------------------------------------------------------------------

    def _with_lines(self, lines: Sequence[_Line]) -> CjkParagraph:
        return CjkParagraph(
            self.runs, size=self.size, leading=self.leading, pitch=self.pitch,
            first_indent=self.first_indent, indent=self.indent, right_indent=self.right_indent,
            align=self.align, color=self.color, lines=lines,
        )

    def _spacing_and_start(self, line: _Line) -> tuple[float, float]:
        """Extra character spacing that justifies the line, and where the line starts."""
        slack = line.measure - line.natural_width
        gaps = len(line.chars) - 1
        if self.align == "justify" and gaps > 0 and (not line.last or slack < 0):
            return slack / gaps, line.indent
        if slack < 0 and gaps > 0:  # squeezed punctuation on a ragged line
            return slack / gaps, line.indent
        if self.align == "right":
            return 0.0, line.indent + slack
        if self.align == "center":
            return 0.0, line.indent + slack / 2
        return 0.0, line.indent

    def _break_lines(self, width: float) -> list[_Line]:
        chars = self._chars()
        units = _units(chars)
        lines: list[_Line] = []
        current: list[_Char] = []
        for unit in units:
            indent, measure = self._measure(len(lines), width)
            used = sum(char.advance for char in current)
            unit_width = sum(char.advance for char in unit)
            if not current or used + unit_width <= measure + _FUZZ:
                current.extend(unit)
            elif used + _body_width(unit) <= measure + _FUZZ and _hang(unit) <= self.pitch + _FUZZ:
                current.extend(unit)  # closing punctuation squeezed into this line
            else:
                lines.append(_Line(tuple(current), indent, measure, last=False))
                current = list(unit)
            # a unit longer than a whole line (a long URL) is cut where it overflows
            while sum(char.advance for char in current) > self._measure(len(lines), width)[1] + self.pitch:
                indent, measure = self._measure(len(lines), width)
                head = _longest_prefix(current, measure)
                lines.append(_Line(tuple(current[:head]), indent, measure, last=False))
                current = current[head:]
        indent, measure = self._measure(len(lines), width)
        lines.append(_Line(tuple(current), indent, measure, last=True))
        return lines

    def _measure(self, line_number: int, width: float) -> tuple[float, float]:
        indent = (self.first_indent if line_number == 0 else self.indent) * self.pitch
        return indent, width - indent - self.right_indent * self.pitch

    def _chars(self) -> list[_Char]:
        spacing = self.pitch - self.size
        return [
            _Char(ch, index, stringWidth(ch, run.font, self.size) + spacing)
            for index, run in enumerate(self.runs)
            for ch in run.text
        ]


def _units(chars: list[_Char]) -> list[list[_Char]]:
    """Unbreakable pieces: a character or a Latin/digit run, with its punctuation glued on."""
    pieces: list[list[_Char]] = []
    for char in chars:
        if pieces and _joins_previous(pieces[-1], char):
            pieces[-1].append(char)
        else:
            pieces.append([char])
    return pieces


def _joins_previous(piece: list[_Char], char: _Char) -> bool:
    last = piece[-1].text
    if char.text in CANNOT_START or last in CANNOT_END:
        return True
    return _is_word_char(last) and _is_word_char(char.text)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_./@:%+#&=?")


def _body_width(unit: list[_Char]) -> float:
    """Width of a unit without its trailing closing punctuation."""
    end = len(unit)
    while end > 1 and unit[end - 1].text in CANNOT_START:
        end -= 1
    return sum(char.advance for char in unit[:end])


def _hang(unit: list[_Char]) -> float:
    return sum(char.advance for char in unit) - _body_width(unit)


def _longest_prefix(chars: list[_Char], measure: float) -> int:
    used = 0.0
    for count, char in enumerate(chars):
        used += char.advance
        if used > measure + _FUZZ:
            return max(count, 1)
    return len(chars)


def _segments(chars: Sequence[_Char]) -> list[tuple[int, str]]:
    """Consecutive characters of the same run, joined."""
    segments: list[tuple[int, str]] = []
    for char in chars:
        if segments and segments[-1][0] == char.run:
            segments[-1] = (char.run, segments[-1][1] + char.text)
        else:
            segments.append((char.run, char.text))
    return segments
