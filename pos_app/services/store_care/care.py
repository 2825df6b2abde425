"""What a running till does for its store file in the background (PRODUCT §11).

Start-up only reads the header, WAL header and schema revision (local_db.database), so a
1 GB file opens as fast as a new one. Once the sale screen is up:
- `quick_check` every start;
- a full `integrity_check` once a day and after an unclean exit (a marker file exists
  while a till runs; finding it at start means the last run did not end cleanly) — the full
  check is what finds damaged index pages quick_check passes;
- the daily backup (pos_app.services.backups), itself checked.
Damage found here stops every later write (local_db.health) so no sale is committed into
a broken file; the caller shows the message (the cart is kept in memory) and the recovery
path (`shopfloor recover`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from local_db import health
from local_db.database import check_integrity
from pos_app.errors import PosError
from pos_app.services.backups import BackupService
from pos_app.services.backups.running import MARKER

log = logging.getLogger(__name__)
STATE = "store-care.json"
FULL_EVERY = timedelta(hours=24)


@dataclass(frozen=True)
class CareReport:
    quick_ok: bool
    full_checked: bool  # a full integrity_check ran (and passed) this time
    backup: Path | None  # a backup made this time
    backup_error: str  # why the due backup could not be made ("" = none)


class StoreCare:
    def __init__(self, data_dir: Path, engine: Engine, db_name: str = "terminal.db") -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.db_path = data_dir / db_name
        self.unclean_exit = False
        self.backups = BackupService(data_dir, db_name, engine)

    # -- the running marker ------------------------------------------------------------
    def started(self) -> bool:
        """Note that a till runs; True when the previous run ended uncleanly."""
        marker = self.data_dir / MARKER
        self.unclean_exit = marker.exists()
        try:
            marker.write_text(str(os.getpid()), "utf-8")
        except OSError as exc:  # a full disk: the checks still run, the marker waits
            log.warning("cannot write %s: %s", marker, exc)
        return self.unclean_exit

    def stopped(self) -> None:
        with contextlib.suppress(OSError):
            (self.data_dir / MARKER).unlink(missing_ok=True)

    # -- checks ---------------------------------------------------------------------------
    def _state(self) -> dict:
        try:
            return json.loads((self.data_dir / STATE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _save_state(self, **values: str) -> None:
        with contextlib.suppress(OSError):
            (self.data_dir / STATE).write_text(json.dumps({**self._state(), **values}), "utf-8")

    def last_full_check(self) -> datetime | None:
        raw = self._state().get("last_full_check")
        try:
            return datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def full_check_due(self, now: datetime | None = None) -> bool:
        last = self.last_full_check()
        now = now or datetime.now(UTC)
        return self.unclean_exit or last is None or now - last >= FULL_EVERY

    def _check(self, full: bool) -> None:
        try:
            check_integrity(self.db_path, full=full)
        except PosError as exc:
            if exc.code.startswith("db_damaged"):
                health.mark_damaged(self.engine, str(exc.params.get("detail", "")))
            raise

    def run(self, now: datetime | None = None, quick: bool = True) -> CareReport:
        """The background round: quick_check, the full check and the backup when due.
        Raises the damage PosError (writes are stopped by then)."""
        now = now or datetime.now(UTC)
        if quick:
            self._check(full=False)
        full = self.full_check_due(now)
        if full:
            self._check(full=True)
            self.unclean_exit = False
            self._save_state(last_full_check=now.isoformat())
        made, error = None, ""
        if self.backups.due(now):
            try:
                made = self.backups.backup_now(now).path
            except PosError as exc:
                error = exc.message()
                log.warning("daily backup failed: %s", exc.code)
        return CareReport(quick, full, made, error)
