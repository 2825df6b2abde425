"""The background sync loop: one daemon thread, one round at a time, callbacks on that thread.

Why a plain thread and not a QThread/QTimer: sync/ must run without Qt (CLI, tests, benches);
`ui/sync_bridge.py` turns `on_status` calls into signals for the GUI thread.

Scheduling: a round runs every `interval_s`, or at once after `trigger()` (a completed sale,
"sync now"). After a failed round the next one waits an exponential backoff with full jitter
(uniform in [0, min(cap, base·2^failures)]), so a fleet of terminals coming back after an HQ
outage does not stampede; a failed round that still got something through (a lossy link)
starts the backoff over, so the queue drains at the link's pace, not at one try a minute.

A sale's `trigger()` during a backoff brings one early round, at most one per backoff period:
HQ that came back after an outage gets the sale in seconds instead of after a wait of up to a
minute, and HQ that is still down sees at most one extra try per period, never one per sale.
That early round failing counts as a failure (the next backoff grows as before) but keeps the
period's scheduled round; a sale the failed round itself could not send waits for it too.
`trigger(force=True)` ("sync now") always runs a round at once. Rounds never overlap: only
this thread runs them.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from local_db.ids import utcnow
from pos_app.errors import PosError
from pos_app.i18n import gettext
from sync.client import HqClient
from sync.link import hq_link, tls_options
from sync.round import RoundResult, sync_once
from sync.status import SyncStatus, queued, state_for_error
from sync.streams import label_of

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0


def backoff_delay(failures: int, rng: random.Random, cap: float = BACKOFF_CAP_S) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**(failures-1))]."""
    ceiling = min(cap, BACKOFF_BASE_S * 2 ** max(0, min(failures - 1, 16)))
    return rng.uniform(0, ceiling)


class SyncWorker:
    """Runs `sync_once` rounds on a daemon thread and reports `SyncStatus` via `on_status`."""

    def __init__(
        self,
        engine: Engine,
        make_client: Callable[[str, str], HqClient],
        on_status: Callable[[SyncStatus], None],
        interval_s: float = 30.0,
        *,
        backoff_cap_s: float = BACKOFF_CAP_S,
        rng: random.Random | None = None,
    ) -> None:
        self._engine = engine
        self._make_client = make_client  # (hq_url, token) -> HqClient
        self._on_status = on_status
        self._interval = interval_s
        self._cap = backoff_cap_s
        self._rng = rng or random.Random()
        self._wake = threading.Event()
        self._force = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._last_sync_at: datetime | None = None
        self.last_result: RoundResult | None = None
        self.rounds = 0

    # --- control (any thread) ------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
            self._thread.start()

    def trigger(self, force: bool = False) -> None:
        """Ask for a round soon: now, or after the current backoff unless `force`."""
        if force:
            self._force = True
        self._wake.set()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop between batches/pages and join; an HTTP call in flight may delay it.

        The join waits for the page being applied (well under a second in bulk): a daemon
        thread still inside SQLite or writing a log line while the interpreter shuts down
        aborts the process ("Fatal Python error", exit -6), as closing the app during a
        first download did when a page of members took seconds."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("sync worker still busy after %.0f s at stop", timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the thread ----------------------------------------------------------------------
    def _emit(self, state: str, message: str = "", progress: str = "", **page: Any) -> None:
        try:
            status = SyncStatus(state=state, queued=queued(self._engine),  # type: ignore[arg-type]
                                last_sync_at=self._last_sync_at, message=message,
                                progress=progress, **page)
            self._on_status(status)
        except Exception:  # a broken listener must not kill sync
            log.exception("sync status callback failed")

    def _run(self) -> None:
        deadline = time.monotonic()  # first round at once
        early_spent = False  # this backoff period's one sale-woken round has run
        while not self._stop.is_set():
            early = False
            remaining = deadline - time.monotonic()
            if remaining > 0:
                self._wake.wait(remaining)
                if self._stop.is_set():
                    break
                if self._wake.is_set():
                    self._wake.clear()
                    if self._failures and not self._force:
                        if early_spent:
                            continue  # the round at `deadline` sends it
                        early = True  # a sale during backoff: one try now
                elif time.monotonic() < deadline:
                    continue
            self._wake.clear()
            self._force = False
            ok, progressed = self._round()
            if ok:
                self._failures, wait = 0, self._interval
            elif progressed:  # a lossy link, not a dead one: the backoff starts over
                self._failures = 0
                wait = backoff_delay(1, self._rng, self._cap)
            else:
                self._failures += 1
                self._forget_wakes()
                if early:  # the period and its scheduled round stand; no second early try
                    early_spent = True
                    continue
                wait = backoff_delay(self._failures, self._rng, self._cap)
            early_spent = False
            deadline = time.monotonic() + wait

    def _forget_wakes(self) -> None:
        """After a failed round, a sale's wake that came during it does not count as one
        during the backoff (a try straight after a failure finds HQ as it was); a "sync now"
        still does."""
        self._wake.clear()
        if self._force:
            self._wake.set()

    def _round(self) -> tuple[bool, bool]:
        """One round: (finished without error or nothing to do, something got through)."""
        link = hq_link(self._engine)
        if link is None:
            self._emit("unpaired", PosError("not_paired").message())
            return True, False
        self._emit("syncing", progress=gettext("Sending sales to HQ…"))

        def progress(stream: str, rows: int, has_more: bool) -> None:
            label = gettext(label_of(stream))
            text = gettext("{stream}: {rows} received").format(stream=label, rows=rows)
            self._emit("syncing", progress=text + ("…" if has_more else ""), stream=stream,
                       stream_label=label, rows=rows, more=has_more)

        try:
            with self._make_client(link.hq_url, link.token, **tls_options(link)) as client:
                result = sync_once(self._engine, client, on_progress=progress, cancel=self._stop)
        except PosError as exc:
            result = None
            error: PosError | None = exc
        except Exception as exc:  # keep the thread alive; report and back off
            log.exception("sync round crashed")
            result, error = None, PosError("internal", ref=type(exc).__name__)
        else:
            error = result.error
        self.rounds += 1
        self.last_result = result
        if error is None:
            self._last_sync_at = utcnow()
            self._emit("online")
            return True, True
        if result is not None and result.progressed and state_for_error(error) == "offline":
            # Batches get through between losses: say so, not "offline".
            self._emit("syncing", progress=gettext("The link to HQ is unreliable; retrying…"))
            return False, True
        self._emit(state_for_error(error), error.message())
        return False, False
