"""Which Qt key presses are barcode data, and when each was really pressed.

A USB wedge scanner types like a keyboard: it presses Shift (a key press of its own, with no
text) around every capital and shifted symbol, sends GS as Ctrl+], and on some layouts
reaches symbols through AltGr. None of those presses may end a burst. The time of a key is
taken from the window system's timestamp where it is real time (X11, Windows), so a GUI
thread that was busy for a moment does not make a scanner's keys look far apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent

from devices.scanner.wedge import GS, WedgeConfig

__all__ = ["MODIFIER_KEYS", "EventClock", "data_char"]

_K = Qt.Key
# Presses of these keys change what the next key types; on their own they type nothing.
MODIFIER_KEYS = frozenset({
    _K.Key_Shift, _K.Key_Control, _K.Key_Alt, _K.Key_AltGr, _K.Key_Meta, _K.Key_CapsLock,
    _K.Key_NumLock, _K.Key_ScrollLock, _K.Key_Super_L, _K.Key_Super_R, _K.Key_Hyper_L,
    _K.Key_Hyper_R, _K.Key_Mode_switch, _K.Key_Direction_L, _K.Key_Direction_R,
})
# Keys that may end a scan, and the character the decoder knows them by.
_SUFFIX_KEYS = {_K.Key_Return: "\r", _K.Key_Enter: "\r", _K.Key_Tab: "\t"}
_M = Qt.KeyboardModifier
# Shift types capitals, Keypad is how some scanners send digits, and GroupSwitch is AltGr on
# X11. Ctrl or Alt alone (or Meta) make a command, never barcode data; Ctrl+Alt together is
# how Windows reports AltGr, so a printable character typed with both is data.
_DATA_MODIFIERS = _M.ShiftModifier | _M.KeypadModifier | _M.GroupSwitchModifier
_ALTGR_AS_CTRL_ALT = _M.ControlModifier | _M.AltModifier


def data_char(event: QKeyEvent, config: WedgeConfig) -> str | None:
    """The character the decoder should see for this key, or None to let it pass (and end
    any held burst). Modifier presses are not asked about: the caller lets them through."""
    if event.isAutoRepeat():
        return None
    text = event.text()
    modifiers = event.modifiers()
    if text == GS or (event.key() == _K.Key_BracketRight and not text
                      and modifiers & _M.ControlModifier):
        return GS  # Ctrl+] : the scanner's field separator in a GS1 code
    extra = modifiers & ~_DATA_MODIFIERS
    if extra and not ((extra & _ALTGR_AS_CTRL_ALT) == _ALTGR_AS_CTRL_ALT
                      and not extra & _M.MetaModifier and len(text) == 1
                      and text.isprintable()):
        return None
    suffix = _SUFFIX_KEYS.get(event.key())
    if suffix is not None:
        return suffix if suffix in config.suffixes else None
    if len(text) == 1 and text.isprintable():
        return text
    return None


class EventClock:
    """Key times on `clock`'s scale, from the event's own timestamp where it is real time.

    The window system stamps a key when it is pressed; we see it when the GUI thread gets to
    it. The smallest difference seen between the two is the offset between the clocks (the
    delivery with no delay), so `stamp + offset` is when the key was pressed. Platforms whose
    stamps are not real time (offscreen, tests' synthetic events) use the arrival time.
    """

    _REAL_TIME_PLATFORMS = ("xcb", "windows", "cocoa", "wayland")

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 use_stamps: bool | None = None) -> None:
        self._clock = clock
        self._use_stamps = use_stamps
        self._offset: float | None = None
        self._last_stamp = 0

    def now(self) -> float:
        try:
            return float(self._clock())
        except Exception:  # a broken injected clock must not break typing
            return float("nan")

    def key_time(self, event: QKeyEvent) -> float:
        now = self.now()
        stamp = int(event.timestamp())
        if not stamp or not self._stamps_are_real():
            return now
        if stamp < self._last_stamp:  # the server's clock wrapped or restarted
            self._offset = None
        self._last_stamp = stamp
        seen = now - stamp / 1000.0
        if self._offset is None or seen < self._offset or seen - self._offset > 2.0:
            # A lag over 2 s is no scanner burst being delayed: start again from here.
            self._offset = seen
        return stamp / 1000.0 + self._offset

    def _stamps_are_real(self) -> bool:
        if self._use_stamps is None:
            self._use_stamps = QGuiApplication.platformName() in self._REAL_TIME_PLATFORMS
        return self._use_stamps
