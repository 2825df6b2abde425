"""A USB HID keyboard-wedge scanner, as Qt sees it: the key events it really produces.

The scanner emulates a US keyboard. For a capital or a shifted symbol it presses Shift
(a key press of its own, with no text), presses and releases the key (with the Shift
modifier and the shifted text), then releases Shift. GS is Ctrl+]. The code ends with Enter.
Every event is sent to the widget with focus, through the application's event filters, as
the window system would deliver it; the injected clock moves by the given gaps.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

_SHIFTED_SYMBOLS = set('~!@#$%^&*()_+{}|:"<>?')
_M = Qt.KeyboardModifier
GS = "\x1d"
_MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control}


@dataclass(frozen=True)
class KeyStep:
    """One event the scanner causes: a press or release of `key` with `modifiers`."""

    press: bool
    key: int
    modifiers: Qt.KeyboardModifier
    text: str = ""


def needs_shift(ch: str) -> bool:
    return ch.isupper() or ch in _SHIFTED_SYMBOLS


def qt_key(ch: str) -> int:
    """Qt's key code for a Latin-1 character: its upper-case code point (Key_A == 'A')."""
    return ord(ch.upper()) if ch.isalpha() else ord(ch)


def key_steps(code: str, suffix: str = "\r", caps_lock: bool = False) -> list[KeyStep]:
    """The events a US HID scanner sends for `code` + `suffix`. With `caps_lock` the host's
    Caps Lock is on and the scanner does not compensate: letters arrive with swapped case."""
    steps: list[KeyStep] = []
    for ch in code + suffix:
        if ch == GS:
            steps += [KeyStep(True, Qt.Key.Key_Control, _M.ControlModifier),
                      KeyStep(True, Qt.Key.Key_BracketRight, _M.ControlModifier, GS),
                      KeyStep(False, Qt.Key.Key_BracketRight, _M.ControlModifier, GS),
                      KeyStep(False, Qt.Key.Key_Control, _M.NoModifier)]
            continue
        if ch in "\r\n":
            steps += [KeyStep(True, Qt.Key.Key_Return, _M.NoModifier, "\r"),
                      KeyStep(False, Qt.Key.Key_Return, _M.NoModifier, "\r")]
            continue
        if ch == "\t":
            steps += [KeyStep(True, Qt.Key.Key_Tab, _M.NoModifier, "\t"),
                      KeyStep(False, Qt.Key.Key_Tab, _M.NoModifier, "\t")]
            continue
        shift = needs_shift(ch)
        text = ch.swapcase() if caps_lock and ch.isalpha() else ch
        mods = _M.ShiftModifier if shift else _M.NoModifier
        if shift:
            steps.append(KeyStep(True, Qt.Key.Key_Shift, _M.ShiftModifier))
        steps += [KeyStep(True, qt_key(ch), mods, text), KeyStep(False, qt_key(ch), mods, text)]
        if shift:
            steps.append(KeyStep(False, Qt.Key.Key_Shift, _M.NoModifier))
    return steps


def gaps_ms(rng: random.Random, low: float = 2.0, high: float = 30.0) -> Iterator[float]:
    while True:
        yield rng.uniform(low, high)


def send_steps(steps: Iterable[KeyStep], clock, gaps: Iterable[float],
               target: QWidget | None = None) -> None:
    """Deliver the steps one by one to `target` (default: the focus widget), moving the
    clock by the next gap before each character's press (a Shift or Ctrl press in front
    of it takes half of that gap), as the wire would space them."""
    gap = iter(gaps)
    carry: float | None = None  # the rest of a character's gap after its modifier press
    for step in steps:
        if step.press and step.key in _MODIFIERS:
            whole = next(gap)
            clock.advance_ms(whole / 2)
            carry = whole / 2
        elif step.press:
            clock.advance_ms(next(gap) if carry is None else carry)
            carry = None
        widget = target or QApplication.focusWidget()
        assert widget is not None, "no widget has keyboard focus"
        kind = QEvent.Type.KeyPress if step.press else QEvent.Type.KeyRelease
        QApplication.sendEvent(widget, QKeyEvent(kind, step.key, step.modifiers, step.text))


def scan_like_hardware(code: str, clock, rng: random.Random | None = None,
                       target: QWidget | None = None, **kwargs) -> None:
    """One scan of `code` with random 2–30 ms gaps between the scanner's key presses."""
    send_steps(key_steps(code, **kwargs), clock, gaps_ms(rng or random.Random(7)), target)


class WallClock:
    """For the real app's filter, which reads the real clock: a gap is a real pause (keep
    gaps well under the 35 ms limit, as a loaded test machine sleeps longer than asked)."""

    @staticmethod
    def advance_ms(ms: float) -> None:
        time.sleep(ms / 1000.0)
