"""What the till needs of HQ sync: pairing, the background worker, status, exceptions.

Sync itself lives in sync/ (plain threads, no Qt); this facade is the UI's only way in, so a
screen never holds an HTTP client or a worker thread of its own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import select

from local_db.models import OutboxEvent
from local_db.uow import read_session
from pos_app.services.context import TerminalInfo
from pos_app.services.pairing import continued_receipts, pair_with_hq
from sync.client import HqClient
from sync.link import get_cursor, hq_link, set_trust, tls_options
from sync.puller import PullResult, pull_stream
from sync.status import SyncStatus, queued
from sync.worker import SyncWorker

StatusListener = Callable[[SyncStatus], None]


@dataclass(frozen=True)
class SyncException:
    """An event HQ refused or flagged: shown to managers, never retried by itself."""

    event_id: str
    kind: str  # outbox event type, e.g. sale.completed
    status: str  # rejected | conflict
    reason: str
    receipt_no: str
    created_at: datetime


def _client(url: str, token: str | None = None, **tls: str) -> HqClient:
    return HqClient(url, token, **tls)


class SyncService:
    def __init__(self, engine: Engine, interval_s: float = 30.0) -> None:
        self._engine = engine
        self._interval = interval_s
        self._worker: SyncWorker | None = None
        self._listeners: list[StatusListener] = []
        self._lock = threading.Lock()
        # One status at a time: the worker publishes from its thread while a sale's nudge
        # re-publishes the current status with a fresh count from the committing thread.
        # Unserialised, a nudge that read "syncing" mid-round could land after the round's
        # "online" and leave the badge on "syncing 0" until the next round (finding 24-14).
        # Re-entrant: a listener may ask for a fresh count itself.
        self._publishing = threading.RLock()
        self.status = SyncStatus(state="unpaired", queued=queued(engine))
        # after pair(): the receipt number HQ already held for this terminal (0 = a new one)
        self.continued_receipts = ""

    def is_paired(self) -> bool:
        return hq_link(self._engine) is not None

    def needs_first_download(self) -> bool:
        """Paired but the catalog never pulled: the UI shows the download's progress."""
        if not self.is_paired():
            return False
        with read_session(self._engine) as session:
            return get_cursor(session, "products") == 0

    def hq_url(self) -> str:
        link = hq_link(self._engine)
        return link.hq_url if link else ""

    def subscribe(self, listener: StatusListener) -> None:
        """`listener` runs on the sync thread: a UI must hop to its own thread."""
        with self._lock:
            self._listeners.append(listener)

    def _publish(self, status: SyncStatus) -> None:
        with self._publishing:
            self.status = status
            with self._lock:
                listeners = list(self._listeners)
            for listener in listeners:
                listener(status)

    def start(self) -> None:
        """Start the background worker when paired; a stand-alone till stays 'unpaired'."""
        if self._worker is None and self.is_paired():
            self._worker = SyncWorker(
                self._engine, _client, self._publish, interval_s=self._interval
            )
            self._worker.start()
        elif self._worker is None:
            self._publish(SyncStatus(state="unpaired", queued=queued(self._engine)))

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def sync_now(self) -> None:
        if self._worker is not None:
            self._worker.trigger(force=True)

    def nudge(self) -> None:
        """Something was queued for HQ (a sale, a return, an enrolment): sync soon. During a
        back-off the worker makes one early try per back-off period (HQ may be back), never
        one per sale (sync/worker.py); the queue count is published now rather than at the
        end of the next round."""
        self.refresh_queue()
        if self._worker is not None:
            self._worker.trigger()

    def refresh_queue(self) -> SyncStatus:
        """Publish the current status with a fresh count of what waits to go to HQ: read,
        counted and published as one step, so it never brings back a state the worker has
        moved on from."""
        with self._publishing:
            status = replace(self.status, queued=queued(self._engine))
            self._publish(status)
            return status

    def pair(self, hq_url: str, enrollment_code: str, device_name: str,
             ca_file: str = "", key_pin: str = "") -> TerminalInfo:
        """Register with HQ, then fetch the staff list so someone can sign in at once;
        the catalog follows in the background. `ca_file`/`key_pin`: whom to trust (TLS)."""
        terminal = pair_with_hq(self._engine, hq_url, enrollment_code, device_name,
                                ca_file=ca_file, key_pin=key_pin)
        self.continued_receipts = continued_receipts(self._engine, terminal)
        link = hq_link(self._engine)
        assert link is not None
        with _client(link.hq_url, link.token, **tls_options(link)) as client:
            pull_stream(self._engine, client, "staff", PullResult())
        return terminal

    def set_trust(self, ca_file: str, key_pin: str) -> None:
        """The HQ CA file and pinned key (settings); used from the next round on."""
        set_trust(self._engine, ca_file, key_pin)

    def trust(self) -> tuple[str, str]:
        """(CA file, pinned key) this till trusts HQ with; ('', '') = system CAs, no pin."""
        link = hq_link(self._engine)
        return (link.ca_file, link.key_pin) if link else ("", "")

    def exceptions(self) -> list[SyncException]:
        with read_session(self._engine) as session:
            rows = session.exec(
                select(OutboxEvent)
                .where(OutboxEvent.status.in_(("rejected", "conflict")))
                .order_by(OutboxEvent.seq.desc())
                .limit(500)
            ).all()
            out = []
            for row in rows:
                try:
                    receipt = str(json.loads(row.payload).get("receipt_no", ""))
                except (ValueError, AttributeError):
                    receipt = ""
                out.append(
                    SyncException(
                        event_id=row.id,
                        kind=row.type,
                        status=row.status,
                        reason=row.last_error,
                        receipt_no=receipt,
                        created_at=row.created_at,
                    )
                )
            return out
