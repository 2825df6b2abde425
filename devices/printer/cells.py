"""Text measured in printer cells, so columns line up when CJK glyphs print double width.

A thermal printer in Chinese mode prints every double-byte GB18030 character from its
full-width font (two cells) and every ASCII byte as one cell. `len()` counts neither right,
so layout measures, cuts and pads text here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Align = Literal["left", "center", "right"]

_WIDE = frozenset({"W", "F"})
_TOKENS = re.compile(r" +|[^ ]")


def paper_text(text: str) -> str:
    """Text the printer can really print: NFC, no control characters, only 1-2 byte GB18030.

    Characters outside GBK (GB18030 four-byte sequences: emoji, rare ideographs) are missing
    from printer fonts, so they become "?" here rather than garbage on paper.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "\t\r\n" or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}:
            out.append(" " if ch in "\t\r\n" else "")
            continue
        try:
            encoded = ch.encode("gb18030")
        except UnicodeEncodeError:
            out.append("?")
            continue
        out.append(ch if len(encoded) <= 2 else "?")
    return "".join(out)


def char_cells(ch: str) -> int:
    """Cells one character takes: 2 for wide/full-width (and ambiguous ones GB prints wide)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in {"Cc", "Cf", "Mn", "Me"}:
        return 0
    width = unicodedata.east_asian_width(ch)
    if width in _WIDE:
        return 2
    if width == "A":
        # "×", "·", "°" are double-byte in GB18030, so the printer uses its full-width font.
        try:
            return 2 if len(ch.encode("gb18030")) == 2 else 1
        except UnicodeEncodeError:
            return 1
    return 1


def cells(text: str) -> int:
    """Display width of `text` in printer cells."""
    return sum(char_cells(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    """The longest prefix of `text` that fits `width` cells (never splits a wide char)."""
    used = 0
    for index, ch in enumerate(text):
        used += char_cells(ch)
        if used > width:
            return text[:index]
    return text


def pad(text: str, width: int, align: Align = "left") -> str:
    """`text` cut to `width` cells and padded with spaces to exactly `width` cells."""
    text = truncate(text, width)
    gap = width - cells(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def justify(left: str, right: str, width: int) -> str:
    """`left` flush left and `right` flush right on one `width`-cell line.

    The right text (an amount) wins: the left one is cut when both do not fit.
    """
    right = truncate(right, width)
    room = width - cells(right)
    if cells(left) + 1 > room:
        left = truncate(left, max(room - 1, 0))
    return left + " " * (room - cells(left)) + right


def two_columns(left: str, right: str, width: int) -> list[str]:
    """Like `justify`, but a left text that does not fit wraps and the right goes below it."""
    if cells(left) + 1 + cells(right) <= width:
        return [justify(left, right, width)]
    lines = wrap(left, width)
    last = lines[-1] if lines else ""
    if cells(last) + 1 + cells(right) <= width:
        return [*lines[:-1], justify(last, right, width)]
    return [*lines, pad(right, width, "right")]


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` cells.

    Latin words stay whole when they fit a line; CJK text breaks between any two characters,
    as Chinese typesetting does. Always returns at least one line.
    """
    if width < 2:
        raise ValueError("width must be at least 2 cells")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph, width))
    return lines or [""]


def _words(paragraph: str) -> list[str]:
    """Runs of spaces, runs of narrow non-space characters, and single wide characters."""
    words: list[str] = []
    for token in _TOKENS.findall(paragraph):
        if words and not token.startswith(" ") and char_cells(token) == 0:
            words[-1] += token  # a combining mark stays with its base character
            continue
        narrow = not token.startswith(" ") and char_cells(token) == 1
        if narrow and words and words[-1][-1] != " " and char_cells(words[-1][-1]) == 1:
            words[-1] += token
        else:
            words.append(token)
    return words


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in _words(paragraph):
        if cells(current) + cells(word) <= width:
            current += word
            continue
        if word.startswith(" "):
            lines.append(current.rstrip())
            current = ""
            continue
        if cells(word) > width:
            for ch in word:
                if cells(current) + char_cells(ch) > width:
                    lines.append(current.rstrip())
                    current = ""
                current += ch
            continue
        lines.append(current.rstrip())
        current = word
    lines.append(current.rstrip())
    return [line for line in lines if line] or [""]
