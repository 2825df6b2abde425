"""Tell a keyboard-wedge scanner's burst of keys from a person typing, by timing alone.

A USB scanner in keyboard mode "types" a whole code in a few milliseconds per key and ends it
with Enter (or Tab); a person leaves 80-300 ms between keys. This module holds that decision
and nothing else — no Qt — so it can be tested with exact, replayed timings
(ARCHITECTURE §Settled points "Scanner under a Chinese IME") and reused by any front end.

Every character fed in comes back out exactly once, in order, either inside a `Scan` (the
code, plus the suffix key it consumed) or inside a `Passthrough` (keys the caller must hand
back to whatever widget they were meant for). The caller therefore never loses a keystroke.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from devices.scanner.layouts import HOST_LAYOUTS, as_us_keys

__all__ = ["GS", "Event", "KeyRun", "Passthrough", "Scan", "WedgeConfig", "WedgeDecoder",
           "concat", "scan_text", "within_gap"]

GS = "\x1d"  # GS1's field separator; a wedge scanner types it as Ctrl+]


@dataclass(frozen=True, slots=True)
class WedgeConfig:
    """Thresholds of the burst test (PRODUCT §10: ≥ 4 chars, gaps ≤ 35 ms, Enter/Tab end).

    Frozen so a running filter can be handed a new config atomically instead of having its
    thresholds change under a half-read burst.
    """

    min_length: int = 4
    max_gap_ms: float = 35.0
    suffixes: tuple[str, ...] = ("\r", "\n", "\t")
    require_suffix: bool = True
    enabled: bool = True
    # The till's keyboard layout, when it is not the US one the scanner types with.
    host_layout: str = "us"
    # A character the scanner is set to send instead of GS (some cannot send Ctrl+]).
    gs_stand_in: str = ""

    def __post_init__(self) -> None:
        # Validate here so a bad settings file fails at start-up with a clear message,
        # not as a scanner that silently never fires.
        if isinstance(self.min_length, bool) or not isinstance(self.min_length, int):
            raise ValueError(f"min_length must be an int, got {self.min_length!r}")
        if self.min_length < 1:
            raise ValueError(f"min_length must be >= 1, got {self.min_length}")
        gap = self.max_gap_ms
        if isinstance(gap, bool) or not isinstance(gap, int | float):
            raise ValueError(f"max_gap_ms must be a number, got {gap!r}")
        if not math.isfinite(gap) or gap <= 0:
            raise ValueError(f"max_gap_ms must be a positive finite number, got {gap}")
        # A list from a settings file becomes a tuple (hashable, immutable); a string such
        # as "\r\t" becomes its characters instead of one suffix that could never match.
        try:
            object.__setattr__(self, "suffixes", tuple(self.suffixes))
        except TypeError:
            raise ValueError(f"suffixes must be characters, got {self.suffixes!r}") from None
        for suffix in self.suffixes:
            if not isinstance(suffix, str) or len(suffix) != 1:
                raise ValueError(f"each suffix must be a single character, got {suffix!r}")
        if self.require_suffix and not self.suffixes:
            raise ValueError("require_suffix is set but no suffixes are configured")
        if not isinstance(self.require_suffix, bool) or not isinstance(self.enabled, bool):
            raise ValueError("require_suffix and enabled must be booleans")
        if self.host_layout not in HOST_LAYOUTS:
            raise ValueError(f"host_layout must be one of {sorted(HOST_LAYOUTS)}, "
                             f"got {self.host_layout!r}")
        stand_in = self.gs_stand_in
        if not isinstance(stand_in, str) or len(stand_in) > 1 or stand_in in self.suffixes:
            raise ValueError(f"gs_stand_in must be one character other than a suffix, "
                             f"got {stand_in!r}")


@dataclass(frozen=True, slots=True)
class Scan:
    """A complete code read by the scanner; `suffix` is the terminator key it consumed."""

    text: str
    suffix: str | None = None


@dataclass(frozen=True, slots=True)
class Passthrough:
    """Keys typed by a person, in order, to be delivered to their target unchanged."""

    chars: str


Event = Scan | Passthrough


@dataclass(slots=True)
class KeyRun:
    """Keys that came close together: their characters and the time of the latest one.

    The decoder's burst being judged and the Qt filter's input-method composition are both
    such a run, judged by the one gap test here.
    """

    chars: list[str] = field(default_factory=list)
    last_t: float = math.nan

    def add(self, ch: str, now: float) -> None:
        self.chars.append(ch)
        self.last_t = now

    def within_gap(self, now: float, max_gap_ms: float) -> bool:
        """`now` is close enough to the latest key to continue the run."""
        return within_gap(self.last_t, now, max_gap_ms)


def within_gap(earlier: float, later: float, max_gap_ms: float) -> bool:
    """Two keys this close belong to one burst: the one gap test of the scanner code.

    NaN (unknown time) compares False: an unknown gap is treated as a pause. A clock that
    steps back gives a negative gap, which is not a pause.
    """
    return (later - earlier) * 1000.0 <= max_gap_ms + 1e-9


class WedgeDecoder:
    """Buffer keys while they arrive faster than `max_gap_ms`, then judge the run.

    Call `feed` for every character and `flush` when nothing has arrived for `max_gap_ms`
    (a timer in the GUI). Times are seconds from `clock` (monotonic) unless given; tests
    pass exact times. Unknown or non-finite times count as a pause, so garbage timing can
    only turn a scan into typing, never typing into a scan. Never raises on any characters
    or times.
    """

    def __init__(
        self, config: WedgeConfig | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._config = config if config is not None else WedgeConfig()
        self._clock = clock
        self._pending = KeyRun()

    @property
    def config(self) -> WedgeConfig:
        """The thresholds in force."""
        return self._config

    @property
    def pending(self) -> str:
        """Characters buffered and not yet judged (what a flush would resolve)."""
        return "".join(self._pending.chars)

    def reconfigure(self, config: WedgeConfig) -> list[Event]:
        """Switch thresholds; the buffered run is judged under the old ones first."""
        events = self.flush()
        self._config = config
        return events

    def feed(self, ch: str, t: float | None = None) -> list[Event]:
        """Take one key (a longer string is fed char by char at the same time `t`)."""
        now = self._now(t)
        events: list[Event] = []
        for one in ch:
            events.extend(self._feed_one(one, now))
        return events

    def flush(self, t: float | None = None) -> list[Event]:
        """Judge the buffered run as ended by a pause (the gap timer expired).

        `t` is accepted for symmetry and logging; a flush is always final, because the
        timer firing is itself the evidence that the gap has passed.
        """
        del t
        chars = self._take()
        if not chars:
            return []
        cfg = self._config
        if cfg.enabled and not cfg.require_suffix and len(chars) >= cfg.min_length:
            return [Scan(chars)]
        return [Passthrough(chars)]

    def accept_without_suffix(self, t: float | None = None) -> list[Event]:
        """End a qualifying burst as a scan although no suffix key was seen.

        For an input method that swallows the scanner's Enter to commit its composition:
        the caller saw the burst end (the commit) and asks for it to count. A run that is
        too short or already stale stays buffered for the normal rules.
        """
        now = self._now(t)
        cfg = self._config
        chars = self._pending.chars
        if cfg.enabled and len(chars) >= cfg.min_length and self._within_gap(now):
            return [Scan(self._take())]
        return []

    def _feed_one(self, ch: str, now: float) -> list[Event]:
        cfg = self._config
        events: list[Event] = []
        if self._pending.chars and not self._within_gap(now):
            events.extend(self.flush())
        if not cfg.enabled:
            events.append(Passthrough(self._take() + ch))
            return events
        if ch in cfg.suffixes:
            chars = self._take()
            if len(chars) >= cfg.min_length:
                events.append(Scan(chars, ch))
            else:
                # Enter after typed text (or alone) must still reach the field.
                events.append(Passthrough(chars + ch))
            return events
        self._pending.add(ch, now)
        return events

    def _within_gap(self, now: float) -> bool:
        return self._pending.within_gap(now, self._config.max_gap_ms)

    def _take(self) -> str:
        chars = "".join(self._pending.chars)
        self._pending = KeyRun()
        return chars

    def _now(self, t: float | None) -> float:
        if t is None:
            try:
                t = self._clock()
            except Exception:  # a broken injected clock must not break typing
                return math.nan
        try:
            now = float(t)
        except (TypeError, ValueError, OverflowError):
            return math.nan
        return now if math.isfinite(now) else math.nan


def scan_text(keys: str, config: WedgeConfig) -> str:
    """The code a burst of keys stands for: the GS stand-in becomes GS, and the host's
    layout is undone (devices.scanner.layouts), so the code reads as the scanner sent it."""
    if config.gs_stand_in:
        keys = keys.replace(config.gs_stand_in, GS)
    return as_us_keys(keys, config.host_layout)


def concat(events: Iterable[Event]) -> str:
    """Every character the events account for, in order (scans include their suffix)."""
    parts: list[str] = []
    for event in events:
        if isinstance(event, Scan):
            parts.append(event.text + (event.suffix or ""))
        else:
            parts.append(event.chars)
    return "".join(parts)
