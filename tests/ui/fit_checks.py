"""What "fits the screen" means, checked on real widgets: every visible widget lies inside
the window (and its parent), and no button or label shows less than its whole text.

A label is clipped when a line of its text is wider than its contents rect (or, word-
wrapped, when the wrapped text is taller than the label); a button when it is narrower
than the size its style needs for its text (QStyle::sizeFromContents, via sizeHint).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

SLACK = 1  # rounding of fractional font metrics


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    return f"{type(widget).__name__}({widget.objectName() or text[:30]!r})"


def _inside_scroll_viewport(widget: QWidget, top: QWidget) -> bool:
    """Content of a scroll area's viewport may be larger than the viewport: it scrolls."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def shown_widgets(top: QWidget) -> list[QWidget]:
    return [w for w in top.findChildren(QWidget) if w.isVisible() and w.window() is top]


def off_screen(top: QWidget, screen: QRect) -> list[str]:
    """Widgets that stick out of the screen, out of the window or out of their parent."""
    problems = []
    frame = top.frameGeometry()
    if not screen.contains(frame):
        problems.append(f"window {frame.getRect()} outside the screen {screen.getRect()}")
    window_rect = QRect(QPoint(0, 0), top.size())
    for widget in shown_widgets(top):
        if _inside_scroll_viewport(widget, top):
            continue
        rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        if not window_rect.contains(rect):
            problems.append(f"{_name(widget)} at {rect.getRect()} outside the window")
            continue
        parent = widget.parentWidget()
        if parent not in (None, top) and not QRect(QPoint(0, 0), parent.size()).contains(
            widget.geometry()
        ):
            problems.append(f"{_name(widget)} cut off by its parent {_name(parent)}")
    return problems


def _label_clipped(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.textFormat() == Qt.TextFormat.RichText:  # Qt lays rich text out
        return None
    room = label.contentsRect()
    metrics = label.fontMetrics()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"{_name(label)} needs {needed} px of height, has {label.height()}"
        return None
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if widest > room.width() + SLACK:
        return f"{_name(label)} text {widest} px wide in {room.width()} px"
    tall = metrics.lineSpacing() * (text.count("\n") + 1)
    if tall > room.height() + metrics.leading() + 2 * SLACK + 2:
        return f"{_name(label)} text {tall} px tall in {room.height()} px"
    return None


def _button_clipped(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    hint = button.sizeHint()
    if button.width() + SLACK < hint.width():
        return f"{_name(button)} is {button.width()} px wide, its label needs {hint.width()}"
    metrics = button.fontMetrics()
    lines = button.text().count("\n") + 1
    if button.height() + SLACK < metrics.lineSpacing() * lines:
        return f"{_name(button)} is {button.height()} px tall for {lines} line(s)"
    return None


def clipped(top: QWidget) -> list[str]:
    """Every visible label or button whose text does not fit."""
    problems = []
    for widget in shown_widgets(top):
        if _inside_scroll_viewport(widget, top):
            continue
        if isinstance(widget, QLabel):
            problem = _label_clipped(widget)
        elif isinstance(widget, QPushButton | QToolButton):
            problem = _button_clipped(widget)
        else:
            problem = None
        if problem:
            problems.append(problem)
    return problems
