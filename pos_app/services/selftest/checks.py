"""The self-test's checks. Each returns a Check whose reason a person can act on; none
raises. The database checks read the file directly (no migration, nothing written), so the
self-test can run beside a running till and on a store that would not start.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from local_db.database import check_integrity, known_revisions, preflight
from local_db.faults import LOW_DISK_BYTES
from pos_app.errors import PosError
from pos_app.i18n import _, ngettext
from pos_app.services import audit
from pos_app.services.backups import BackupService
from pos_app.services.selftest.check import Check
from pos_app.services.selftest.hq import check_hq
from pos_app.services.settings import Settings, load_settings

WARN_DISK_BYTES = 200 * 1024 * 1024
BACKUP_WARN = timedelta(hours=48)


def _integrity(db: Path) -> Check:
    label = _("Database integrity")
    if not db.exists():
        return Check("database.integrity", label, "fail",
                     _("there is no store file {path}").format(path=db))
    try:
        preflight(db)
        check_integrity(db, full=True)
    except PosError as exc:
        return Check("database.integrity", label, "fail", exc.message())
    return Check("database.integrity", label, "ok", _("integrity_check found no problem"))


def _schema(db: Path) -> Check:
    label = _("Database schema revision")
    head, known = known_revisions()
    try:
        from local_db.database import stored_revision

        revision = stored_revision(db) if db.exists() else None
    except PosError as exc:
        return Check("database.schema", label, "fail", exc.message())
    if revision == head:
        return Check("database.schema", label, "ok", _("{revision}, current").format(
            revision=revision))
    if revision in known:
        return Check("database.schema", label, "warn", _(
            "{revision}; upgraded to {head} when the till starts").format(
            revision=revision, head=head))
    if revision is None:
        return Check("database.schema", label, "warn", _("no schema yet (a new till)"))
    return Check("database.schema", label, "fail", PosError(
        "db_newer_schema", revision=revision, head=head).message())


def _audit(db: Path) -> Check:
    """The daily run of `shopfloor audit verify` (read-only, beside a running till)."""
    label = _("Audit trail")
    if not db.exists():
        return Check("audit.chain", label, "warn", _("not checked: there is no store file"))
    try:
        report = audit.verify_file(db)
    except (sqlite3.Error, ValueError) as exc:  # no audit table yet, a damaged file, a bad key
        return Check("audit.chain", label, "fail", str(exc))
    if report.broken is not None:
        return Check("audit.chain", label, "fail", report.broken.message())
    return Check("audit.chain", label, "ok", ngettext(
        "{n} row holds, {k} sealed with this terminal's key",
        "{n} rows hold, {k} sealed with this terminal's key", report.count).format(
        n=report.count, k=report.keyed))


def _disk(data_dir: Path) -> Check:
    label = _("Free disk space")
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError as exc:
        return Check("database.disk", label, "fail", str(exc))
    text = _("{mb} MB free in {path}").format(mb=free // (1024 * 1024), path=data_dir)
    status = "fail" if free < LOW_DISK_BYTES else "warn" if free < WARN_DISK_BYTES else "ok"
    return Check("database.disk", label, status, text)


def _backups(data_dir: Path, now: datetime) -> Check:
    label = _("Backups")
    last = BackupService(data_dir).last_good()
    if last is None:
        return Check("backups", label, "warn", _("no backup yet: run “shopfloor backup”"))
    hours = int((now - last.taken_at).total_seconds() // 3600)
    text = ngettext("the last good one is {n} hour old ({path})",
                    "the last good one is {n} hours old ({path})", hours).format(
        n=hours, path=last.path.name)
    return Check("backups", label, "warn" if now - last.taken_at > BACKUP_WARN else "ok", text)


def _printer(settings: Settings) -> Check:
    label = _("Printer")
    url = settings.printer_url
    if url.startswith("virtual:"):
        return Check("printer", label, "ok", _("the virtual printer (no paper)"))
    try:
        from devices.printer.printer import ReceiptPrinter

        status = ReceiptPrinter(url, columns=settings.printer_columns).status()
    except PosError as exc:
        return Check("printer", label, "fail", f"{url}: {exc.message()}")
    if status is None:
        return Check("printer", label, "warn", _(
            "{url} cannot report its status; print a test page to be sure").format(url=url))
    if not status.ok:
        from devices.printer.status import raise_for_status

        try:
            raise_for_status(status)
        except PosError as exc:
            return Check("printer", label, "fail", f"{url}: {exc.message()}")
    near = _(" (paper near its end)") if status.paper_near_end else ""
    return Check("printer", label, "warn" if near else "ok",
                 _("{url} is ready").format(url=url) + near)


def _scanner(settings: Settings) -> Check:
    label = _("Scanner")
    port = settings.scanner.serial_port.strip()
    if not port:
        return Check("scanner", label, "ok", _("keyboard-wedge only (no serial port set)"))
    try:
        from devices.scanner.serial_reader import SerialScanner

        scanner = SerialScanner(port, lambda code: None)
        scanner.start()
        scanner.stop()
    except PosError as exc:
        return Check("scanner", label, "fail", exc.message())
    return Check("scanner", label, "ok", _("serial port {port} opens").format(port=port))


def _camera(settings: Settings) -> Check:
    label = _("Camera")
    try:
        from devices.camera.capture import OpenCvCamera

        camera = OpenCvCamera(index=settings.camera_index)
        camera.open()
        camera.close()
    except PosError as exc:
        return Check("camera", label, "warn", _("absent ({reason}); scan with the scanner").format(
            reason=exc.message()))
    except ImportError as exc:
        return Check("camera", label, "warn", str(exc))
    return Check("camera", label, "ok", _("camera {index} opens").format(
        index=settings.camera_index))


def run_checks(data_dir: Path, now: datetime | None = None,
               hq_check: Callable[[Path], list[Check]] | None = None) -> list[Check]:
    """Every check, in the order a technician reads them."""
    now = now or datetime.now(UTC)
    db = data_dir / "terminal.db"
    settings = load_settings(data_dir / "settings.json")
    results = [_integrity(db), _schema(db), _audit(db), _disk(data_dir), _backups(data_dir, now),
               _printer(settings), _scanner(settings), _camera(settings)]
    results.extend((hq_check or check_hq)(db))
    return results
