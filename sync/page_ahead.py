"""The next page of a stream, asked for while the till applies the current one.

Why: a first download is a loop of "ask HQ for a page, apply it in one transaction". Asked
one after the other, the till waits for HQ and HQ waits for the till. The page after a
`has_more` page is nearly always the one asked for next (same stream, its `next_cursor`,
same limit), so `HqClient.changes` starts that request on a thread of its own while the
puller applies; the puller's next call picks the answer up. Nothing else changes:

- one page ahead at most, only after a page that says more follow; the same requests reach
  HQ in the same order (one extra only when the puller stops early: cancel, a bad page);
- an answer is used only for exactly the request it was made for, and only while fresh
  (`MAX_AGE_S` after it came): a stream pulled again in a later round asks HQ anew;
- a failure is kept and raised to the caller that asks for that page, as if the request
  had been made then (same PosError codes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
Key = tuple[str, int, int]  # (stream, cursor, limit)
MAX_AGE_S = 20.0  # below the sync worker's 30 s round: a later round asks anew


class PageAhead(Generic[T]):
    """One request running on a daemon thread (a hung HQ never holds the app's exit)."""

    def __init__(self, key: Key, fetch: Callable[[], T]) -> None:
        self.key = key
        self._done: float | None = None  # when the answer (or the failure) came
        self._fetch = fetch
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="hq-page-ahead", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fetch()
        except BaseException as exc:  # handed to the caller who asks for this page
            self._error = exc
        self._done = time.monotonic()

    def fits(self, key: Key) -> bool:
        """Made for exactly this request, and still running or answered recently enough to
        stand for it."""
        done = self._done
        return key == self.key and (done is None or time.monotonic() - done < MAX_AGE_S)

    def stop(self, wait: float) -> bool:
        """Waits up to `wait` seconds for the request to end (its client closed under it);
        True when the thread is gone."""
        self._thread.join(wait)
        return not self._thread.is_alive()

    def result(self) -> T:
        """The answer (waits for it), or the exception the request raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value
