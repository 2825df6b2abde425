"""Application-wide Qt event filter that turns keyboard-wedge scanner bursts into `scanned`.

Installed on the QApplication, it sees every key press whichever widget has focus (a scan
must work on the sale screen's buttons too: ARCHITECTURE §Device notes "never rely on
focus"). Printable keys are held for up to `max_gap_ms`; the `WedgeDecoder` then says
whether they were a scanner burst (swallowed, `scanned` emitted) or typing (re-sent, in
order, to the widget they were pressed in: ~35 ms of latency, Enter still works).
Input-method commits are judged too (devices.scanner.qt_input_method).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from devices.scanner.qt_input_method import Composition, disable_input_method, may_be_scanner
from devices.scanner.qt_keys import MODIFIER_KEYS, EventClock, data_char
from devices.scanner.wedge import (
    GS,
    Event,
    Passthrough,
    Scan,
    WedgeConfig,
    WedgeDecoder,
    scan_text,
    within_gap,
)

__all__ = ["QtWedgeFilter", "disable_input_method"]  # the latter's home: qt_input_method

log = logging.getLogger(__name__)

_MACHINE_RUN = 3  # keys at scanner speed that no person types
_STALL_S = 0.3  # how long a scanner's burst may stall and still be one burst


@dataclass(slots=True)
class _HeldKey:
    """One buffered character and what is needed to give it back to its widget."""

    receiver: QObject
    char: str
    key: int = 0
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    text: str = ""
    from_input_method: bool = False
    at: float = float("nan")  # when it was pressed (key presses only)
    released: bool = False  # its release came while it was held: replayed after the press


@dataclass(slots=True)
class _Typed:
    """Keys a timer flush just handed to a line edit as typing. If the next key turns out
    to have been pressed within the gap, the GUI thread was merely late (the timer fired
    before the rest of the burst was read): the keys are taken back out of the field."""

    keys: list[_HeldKey]
    last_at: float


class QtWedgeFilter(QObject):
    """App-wide event filter: `filter = QtWedgeFilter(config); app.installEventFilter(filter)`.

    `scanned(str)` carries the code without its suffix. `clock` (seconds, monotonic) is
    injectable so tests replay exact timings with real key events; without one, a key's
    time is its window-system timestamp (devices.scanner.qt_keys.EventClock).
    """

    scanned = Signal(str)

    def __init__(
        self,
        config: WedgeConfig | None = None,
        clock: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # An injected clock is the whole truth (tests); the real one reads event stamps.
        self._times = EventClock(clock or time.monotonic,
                                 use_stamps=False if clock is not None else None)
        self._decoder = WedgeDecoder(config or WedgeConfig(), self._times.now)
        self._held: list[_HeldKey] = []
        self._typed: _Typed | None = None
        self._replaying = 0  # depth of our own re-sent events, which we must let through
        self._composition = Composition()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._gap_expired)
        self._apply_interval()

    @property
    def config(self) -> WedgeConfig:
        """The thresholds in force."""
        return self._decoder.config

    def set_config(self, config: WedgeConfig) -> None:
        """Change thresholds at runtime; keys already held are settled under the old ones."""
        self._timer.stop()
        self._handle(self._decoder.reconfigure(config))
        self._apply_interval()

    def set_enabled(self, enabled: bool) -> None:
        """Turn scan detection on or off (off: every key goes straight to its widget)."""
        self.set_config(dataclasses.replace(self.config, enabled=enabled))

    def flush(self) -> None:
        """Settle the held keys now, as if the gap had expired."""
        self._timer.stop()
        self._typed = None
        self._handle(self._decoder.flush())

    def _gap_expired(self) -> None:
        """The timer: settle the held keys, remembering what went into a field as typing in
        case the GUI thread was late and the burst goes on (see `_Typed`)."""
        held = list(self._held)
        self.flush()
        keys = [k for k in held if not k.from_input_method]
        if keys and len(keys) == len(held) and isinstance(keys[-1].receiver, QLineEdit):
            self._typed = _Typed(keys, keys[-1].at)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold, swallow or let through key presses and input-method commits."""
        if self._replaying or not isinstance(watched, QWidget):
            # Our own replays pass; QWindow-level deliveries are forwarded by Qt to the
            # focus widget, where we see them again.
            return False
        kind = event.type()
        try:
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._on_key(watched, event)
            if kind == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
                return self._on_release(event)
            if kind == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
                return self._on_input_method(watched, event)
        except Exception:  # a bug here must never eat the cashier's keyboard
            log.exception("wedge filter failed; letting the event through")
        return False

    # --- key presses -----------------------------------------------------------------

    def _on_key(self, widget: QWidget, event: QKeyEvent) -> bool:
        if event.key() in MODIFIER_KEYS:
            # Shift around a capital, Ctrl before ], AltGr: part of the burst, typing nothing.
            return False
        char = data_char(event, self.config)
        if char is None or not self.config.enabled:
            # Not barcode data (arrows, Ctrl+C, auto-repeat...): held keys go first so
            # the widget sees everything in the order it was pressed.
            self.flush()
            return False
        at = self._times.key_time(event)
        self._take_back_typed(at)
        held = _HeldKey(widget, char, event.key(), event.modifiers(), event.text(), at=at)
        return self._hold([held], self._decoder.feed(char, at))

    def _on_release(self, event: QKeyEvent) -> bool:
        """A held key's release waits with it: a widget must never see a key released
        before it was pressed (a check box toggles, a button clicks, on the pair)."""
        if event.isAutoRepeat():
            return False
        for held in self._held:
            if not held.from_input_method and not held.released and held.key == event.key():
                held.released = True
                return True
        return False

    def _take_back_typed(self, at: float) -> None:
        """If the keys a timer flush typed into a field were pressed within the gap of this
        one, remove them from the field and hold them again: they begin this burst.

        A run of `_MACHINE_RUN` or more keys at scanner speed was no person (nobody types
        three keys 35 ms apart), so such a run followed within `_STALL_S` by more keys is a
        burst that stalled on its way in (a loaded machine, a USB hub), not two inputs."""
        typed, self._typed = self._typed, None
        if typed is None:
            return
        stalled = (len(typed.keys) >= _MACHINE_RUN and 0 <= at - typed.last_at <= _STALL_S)
        if not (within_gap(typed.last_at, at, self.config.max_gap_ms) or stalled):
            return
        field = typed.keys[-1].receiver
        text = "".join(k.char for k in typed.keys)
        if not (shiboken6.isValid(field) and isinstance(field, QLineEdit)):
            return
        before = field.text()[: field.cursorPosition()]
        if not before.endswith(text) or field.hasSelectedText():
            return  # the person moved on: what is in the field is theirs now
        for _ in text:
            field.backspace()
        log.info("wedge: took %d keys back from a field; the burst had gone on", len(text))
        self._held.extend(typed.keys)
        # Fed again just before this key, so the decoder sees one run whatever the stall.
        count = len(typed.keys)
        for i, key in enumerate(typed.keys):
            self._decoder.feed(key.char, at - (count - i) * 1e-4)

    # --- input method ------------------------------------------------------------------

    def _on_input_method(self, widget: QWidget, event: QInputMethodEvent) -> bool:
        commit = event.commitString()
        now = self._now()
        if not commit:
            self._composition.preedit(event.preeditString(), now, self.config)
            return False
        burst = self._composition.committed(now, self.config)
        if not may_be_scanner(event, self.config):
            self.flush()
            return False
        held = [_HeldKey(widget, ch, text=ch, from_input_method=True) for ch in commit]
        events = self._decoder.feed(commit, now)
        if burst:
            events += self._decoder.accept_without_suffix(now)
        self._hold(held, events)
        # Let the event through without its text: it still ends the composition in the
        # widget (clearing any preedit), and the text is re-committed if it was typing.
        event.setCommitString("")
        return False

    # --- settling held keys ------------------------------------------------------------

    def _hold(self, held: list[_HeldKey], events: list[Event]) -> bool:
        """Queue `held` and settle what the decoder resolved; the event is always kept.

        Even a key let through at once (Enter after typing) is re-sent rather than
        returned, so its propagation to parent widgets runs under the replay guard and is
        not fed to the decoder a second time.
        """
        self._held.extend(held)
        self._handle(events)
        if self._decoder.pending:
            self._timer.start()
        else:
            self._timer.stop()
        return True

    def _handle(self, events: list[Event]) -> None:
        """Swallow scanned keys and re-send typed ones, in the order they were pressed.

        Scans are emitted last, after our state is consistent, because a slot may open a
        dialog and spin a nested event loop that calls back into this filter.
        """
        codes: list[str] = []
        for ev in events:
            if isinstance(ev, Scan):
                count = len(ev.text) + (1 if ev.suffix is not None else 0)
                del self._held[:count]
                code = scan_text(ev.text, self.config)
                # Length and shape only: a code can be a member's or a phone number.
                log.info("wedge: scan of %d characters%s", len(code),
                         " with GS" if GS in code else "")
                codes.append(code)
            elif isinstance(ev, Passthrough):
                typed, self._held = self._held[: len(ev.chars)], self._held[len(ev.chars) :]
                for held in typed:
                    self._replay(held)
        for code in codes:
            self.scanned.emit(code)

    def _replay(self, held: _HeldKey) -> None:
        """Re-send a typed key to the widget it was pressed in (or the focus widget now)."""
        target = held.receiver if shiboken6.isValid(held.receiver) else None
        if target is None:
            target = QApplication.focusWidget()
        if target is None:
            log.warning("wedge: dropped a typed key, its widget is gone and nothing has focus")
            return
        if held.from_input_method:
            event: QEvent = QInputMethodEvent("", [])
            event.setCommitString(held.text)
        else:
            event = QKeyEvent(QEvent.Type.KeyPress, held.key, held.modifiers, held.text)
        # sendEvent, not postEvent: delivery is synchronous, so a replay can never be
        # overtaken by the next real key, and the re-entrancy guard is a plain counter.
        self._replaying += 1
        try:
            QCoreApplication.sendEvent(target, event)
            if held.released and shiboken6.isValid(target):
                QCoreApplication.sendEvent(target, QKeyEvent(
                    QEvent.Type.KeyRelease, held.key, held.modifiers, held.text))
        finally:
            self._replaying -= 1

    def _apply_interval(self) -> None:
        self._timer.setInterval(max(1, round(self.config.max_gap_ms)))

    def _now(self) -> float:
        return self._times.now()

