"""Scanner keys that reach the till through an input method (a Chinese IME left on).

Under an active input method a scanner's keys can arrive as `QInputMethodEvent` commit
strings instead of key presses. ASCII commits go through the same decoder as keys, so a
commit burst followed by Enter is a scan; when the IME ate the Enter to commit its
composition, a composition that was itself typed at scanner speed counts as a complete
scan (`Composition`). Chinese commits are never buffered (`may_be_scanner`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from devices.scanner.wedge import KeyRun, WedgeConfig

__all__ = ["Composition", "disable_input_method", "may_be_scanner"]


class Composition:
    """Times the keystrokes of the composition in progress (its preedit updates), so its
    commit can be judged: typed at scanner speed, or by a person."""

    def __init__(self) -> None:
        self._run = KeyRun()

    def preedit(self, text: str, now: float, config: WedgeConfig) -> None:
        """A preedit update; a pause (or an empty preedit) starts the run again."""
        if not text or (self._run.chars and not self._run.within_gap(now, config.max_gap_ms)):
            self._run = KeyRun()
        if text:
            self._run.add(text[-1], now)

    def committed(self, now: float, config: WedgeConfig) -> bool:
        """The composition ends: was it a burst long enough to be a scan? Starts afresh."""
        run, self._run = self._run, KeyRun()
        # preedit() restarts the run at every pause, so its steps are all fast already.
        return (len(run.chars) >= max(config.min_length - 1, 1)
                and run.within_gap(now, config.max_gap_ms))


def may_be_scanner(event: QInputMethodEvent, config: WedgeConfig) -> bool:
    """A commit the decoder should judge: printable ASCII that replaces nothing. Chinese (or
    an edit of existing text) is the person's and never held."""
    commit = event.commitString()
    return (config.enabled and event.replacementLength() == 0
            and commit.isascii() and commit.isprintable())


def disable_input_method(widget: QWidget) -> None:
    """Turn input methods off on a scan-capable field so scanner keys arrive as plain keys.

    The filter copes with an IME, but an IME in Chinese mode can swallow letters into a
    composition; this is the first line of defence (ARCHITECTURE §Settled points). Call it
    again after `QLineEdit.setEchoMode`/`setReadOnly`, which re-enable input methods.
    """
    widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    if isinstance(widget, QLineEdit):
        widget.setInputMethodHints(
            widget.inputMethodHints()
            | Qt.InputMethodHint.ImhPreferLatin
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
