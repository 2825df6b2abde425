"""The restore drill: sell → back up → sell more and sync → lose the file → restore → HQ has
every sale once, receipt numbers gap-free and unique. A real HQ over HTTP, on SQLite and on
PostgreSQL (tests/hq/server.py's `hq_server` runs every test on both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.backups import BackupService, restore
from pos_app.services.till import TillServices
from sync.link import hq_link
from sync.round import sync_once
from tests.hq.server import hq_db_url, hq_server, pg_cluster_session  # noqa: F401
from tests.sync.helpers import sell
from tests.sync.hq_world import CASHIER, PairedTill, hq_sales, paired_till
from tests.sync.test_identity_continuity import _as_world, _sync


def _lose(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _reopen(path: Path) -> PairedTill:
    engine = open_database(path)
    from pos_app.services.terminal_setup import TerminalSetupService

    info = TerminalSetupService(engine).current()
    assert info is not None
    services = TillServices.build(engine, info, None)
    cashier = services.auth.sign_in(CASHIER[0], CASHIER[3])
    shift = services.shifts.current()
    assert shift is not None  # the shift the backup holds is still open
    return PairedTill(path, engine, info, cashier, shift, services.checkout)


def _outbox_statuses(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT status, count(*) FROM outbox_event WHERE type = 'sale.completed'"
            " GROUP BY status")).all())


def test_restore_drill_loses_no_sale_and_reuses_no_receipt_number(hq_server, tmp_path):  # noqa: F811
    till = paired_till(hq_server, tmp_path, "T01")
    backups = BackupService(tmp_path, till.path.name)
    sell(_as_world(till), 2)
    _sync(till)
    in_backup_unsent = sell(_as_world(till), 2)  # not yet at HQ when the backup is taken
    backup = backups.backup_now()
    sell(_as_world(till), 2)
    _sync(till)  # HQ: 6 sales; the backup knows 4 of them, 2 as unsent
    till.engine.dispose()
    _lose(till.path)  # the disk dies; the backup folder survives

    report = restore(tmp_path, backup.path, db_name=till.path.name)
    assert report.source == "hq"
    assert report.numbers.receipt_seq == 6  # continues after HQ's, not the backup's 4
    assert report.pending == 2 and report.moved_aside is None

    back = _reopen(till.path)
    sold_after = sell(_as_world(back), 2)
    with back.engine.connect() as conn:
        new_numbers = list(conn.execute(text(
            "SELECT receipt_no FROM sale WHERE id IN (:a, :b) ORDER BY receipt_no"),
            {"a": sold_after[0], "b": sold_after[1]}).scalars())
    assert new_numbers == ["S01-T01-000007", "S01-T01-000008"]
    _sync(back)

    sales = hq_sales(hq_server)
    assert len(sales) == 8  # every sale once: the re-sent two were not booked twice
    numbers = sorted(r[1] for r in sales.values())
    assert numbers == [f"S01-T01-{n:06d}" for n in range(1, 9)]  # gap-free and unique
    assert set(in_backup_unsent) <= set(sales)
    statuses = _outbox_statuses(back.engine)
    assert set(statuses) <= {"accepted", "duplicate"} and sum(statuses.values()) == 6
    with hq_server.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM exception")).scalar() == 0
    back.engine.dispose()


def test_restore_refuses_to_replace_a_file_with_unsent_sales(hq_server, tmp_path):  # noqa: F811
    till = paired_till(hq_server, tmp_path, "T01")
    backup = BackupService(tmp_path, till.path.name).backup_now()
    sell(_as_world(till), 1)  # unsent
    till.engine.dispose()
    before = till.path.read_bytes()
    with pytest.raises(PosError) as info:
        restore(tmp_path, backup.path, db_name=till.path.name)
    assert info.value.code == "restore_would_lose"
    assert "shopfloor recover" in info.value.message()
    assert till.path.read_bytes() == before


def test_restore_without_hq_changes_nothing_unless_offline_is_asked(hq_server, tmp_path):  # noqa: F811
    till = paired_till(hq_server, tmp_path, "T01")
    sell(_as_world(till), 1)
    _sync(till)
    backup = BackupService(tmp_path, till.path.name).backup_now()
    till.engine.dispose()
    _lose(till.path)

    def unreachable(engine):
        raise PosError("hq_unreachable", detail="connection refused")

    with pytest.raises(PosError) as info:
        restore(tmp_path, backup.path, db_name=till.path.name, fetch=unreachable)
    assert info.value.code == "restore_needs_hq"
    assert not till.path.exists()  # undone: the lost file stays lost, nothing half-made
    report = restore(tmp_path, backup.path, db_name=till.path.name, offline=True)
    assert report.source == "local" and report.numbers.receipt_seq == 1
    engine = open_database(till.path)
    assert hq_link(engine) is not None
    engine.dispose()


def test_sync_round_after_restore_is_clean(hq_server, tmp_path):  # noqa: F811
    """The restored till's first round sends only what HQ lacks and pulls as usual."""
    till = paired_till(hq_server, tmp_path, "T01")
    backup = BackupService(tmp_path, till.path.name).backup_now()
    till.engine.dispose()
    _lose(till.path)
    restore(tmp_path, backup.path, db_name=till.path.name)
    engine = open_database(till.path)
    link = hq_link(engine)
    from sync.client import HqClient

    with HqClient(link.hq_url, link.token) as client:
        assert sync_once(engine, client).ok
    engine.dispose()
