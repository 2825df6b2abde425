"""The font receipts are shown in on screen (preview dialog, virtual printer): a mono font
whose CJK glyphs are exactly two Latin cells wide, like the printer's, so columns line up."""

from __future__ import annotations

from PySide6.QtGui import QFont

MONO_CJK = ["WenQuanYi Micro Hei Mono", "Noto Sans Mono CJK SC", "WenQuanYi Zen Hei Mono",
            "NSimSun", "monospace"]


def monospace_font() -> QFont:
    font = QFont()
    font.setFamilies(MONO_CJK)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    font.setPointSize(11)
    return font
