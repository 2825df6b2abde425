"""The daily backup: one checked online copy a day (retention 7 daily, 4 weekly), made in
the background by the running till or on demand (`shopfloor backup`). Each one made is an
audit row (`backup_made`, docs/audit.md)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from local_db.backups import BACKUP_DIR, Backup, list_backups, make_backup, prune
from local_db.engine import make_engine
from local_db.uow import write_session
from pos_app.errors import PosError
from pos_app.services import audit

DAILY = timedelta(hours=24)
log = logging.getLogger(__name__)


class BackupService:
    def __init__(self, data_dir: Path, db_name: str = "terminal.db",
                 engine: Engine | None = None) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / db_name
        self.folder = data_dir / BACKUP_DIR
        self._engine = engine  # the running till's; None: one is opened for the audit row

    def backups(self) -> list[Backup]:
        return list_backups(self.folder)

    def last_good(self) -> Backup | None:
        """The newest backup (only checked copies get their final name)."""
        found = self.backups()
        return found[-1] if found else None

    def due(self, now: datetime | None = None) -> bool:
        last = self.last_good()
        now = now or datetime.now(UTC)
        return last is None or now - last.taken_at >= DAILY

    def backup_now(self, now: datetime | None = None) -> Backup:
        """A checked copy now, then retention; PosError when it cannot be made."""
        made = make_backup(self.db_path, self.folder, now)
        prune(self.folder)
        self._audit(made)
        return made

    def _audit(self, made: Backup) -> None:
        """The copy exists: say so in the chain (after, so the copy need not hold its row)."""
        engine = self._engine or make_engine(self.db_path)
        try:
            with write_session(engine) as session:
                audit.append(session, "backup_made", None, "", file=made.path.name,
                             size=made.size)
        except (PosError, SQLAlchemyError) as exc:  # a file not yet migrated: the copy stands
            log.warning("backup %s made; its audit row not written: %s", made.path.name, exc)
        finally:
            if self._engine is None:
                engine.dispose()

    def backup_if_due(self, now: datetime | None = None) -> Backup | None:
        return self.backup_now(now) if self.due(now) else None
