"""When a read counts: the same code is ignored for 2 s and the picture freezes after a read.

A code held in front of the camera is seen on every frame; without the gate one product
would ring up thirty times a second. Plain Python with an injectable clock, so the timing
rules are tested exactly and the Qt worker only asks `accept()` and `frozen()`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

CONFIRM_S = 0.5
LINEAR_FORMATS = frozenset({"ean13", "ean8", "upca", "upce", "code128", "code39", "itf"})


class ReadGate:
    """`repeat_s`: the same text is accepted again only this long after its last accepted
    read (a second identical item is simply scanned again after 2 s). `freeze_s`: after any
    accepted read, frames are neither shown nor decoded for this long, so the cashier sees
    the frame that was read."""

    def __init__(self, repeat_s: float = 2.0, freeze_s: float = 0.7,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.repeat_s = repeat_s
        self.freeze_s = freeze_s
        self.clock = clock
        self._accepted_at: dict[str, float] = {}
        self._frozen_until = float("-inf")
        self._candidate: dict[str, float] = {}

    def frozen(self) -> bool:
        return self.clock() < self._frozen_until

    def accept(self, text: str, confirm: bool = False) -> bool:
        """True when `text` is a new read; it then starts the freeze.

        `confirm` (linear barcodes): the same text must come from two decoded frames in a
        row (within `CONFIRM_S`). Tilted EAN-13 bars were seen to misdecode into another
        number with a valid check digit; two frames agreeing costs one frame (~33 ms).
        """
        now = self.clock()
        if confirm:
            seen_at = self._candidate.get(text)
            self._candidate = {text: now}
            if seen_at is None or now - seen_at > CONFIRM_S:
                return False
        last = self._accepted_at.get(text)
        if last is not None and now - last < self.repeat_s:
            return False
        # Forget old entries so a long session does not grow the table.
        self._accepted_at = {t: at for t, at in self._accepted_at.items()
                             if now - at < self.repeat_s}
        self._accepted_at[text] = now
        self._frozen_until = now + self.freeze_s
        return True
