"""Backups: a checked online copy while the till sells, retention (7 daily, 4 weekly), a
backup that cannot be made leaves nothing behind, and the CLI's backup / restore / recover
on real files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from local_db.backups import list_backups, make_backup, prune
from local_db.database import open_database
from pos_app.cli import main as cli_main
from pos_app.errors import PosError
from pos_app.services.backups import BackupService, recover
from tests.builders import build_world
from tests.storage.small_disk import fill, small_disk
from tests.storage.test_faults import _sell_one


def _count(path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_a_checked_copy_taken_while_the_till_keeps_selling(world, tmp_path):
    _sell_one(world)
    service = BackupService(world.path.parent)
    made = service.backup_now()
    _sell_one(world)  # the till's engine stayed open and writable throughout
    assert _count(made.path, "sale") == 1 and _count(world.path, "sale") == 2
    assert service.last_good() == made and not service.due()
    assert not list(made.path.parent.glob(".*partial"))
    conn = sqlite3.connect(made.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_retention_keeps_seven_days_and_four_weeks(tmp_path):
    source = tmp_path / "terminal.db"
    open_database(source).dispose()
    folder = tmp_path / "backups"
    start = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    for day in range(60):  # two a day for 60 days
        for hour in (0, 10):
            make_backup(source, folder, start + timedelta(days=day, hours=hour))
    prune(folder)
    kept = [b.taken_at for b in list_backups(folder)]
    assert len(kept) == 11
    days = kept[-7:]
    assert [d.date() for d in days] == [(start + timedelta(days=d)).date()
                                        for d in range(53, 60)]
    assert all(d.hour == 18 for d in days)  # the newest of each day
    weeks = {d.isocalendar()[:2] for d in kept[:4]}
    assert len(weeks) == 4


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(tmp_path):
    with small_disk(tmp_path / "disk", "6m") as disk:
        world = build_world(disk / "terminal.db")
        fill(disk)
        with pytest.raises(PosError) as info:
            BackupService(disk).backup_now()
        assert info.value.code == "db_disk_full"
        assert list_backups(disk / "backups") == []
        assert not list((disk / "backups").glob(".*")) if (disk / "backups").exists() else True
        world.engine.dispose()


def test_cli_backup_then_restore_over_a_lost_file(world, tmp_path, capsys):
    _sell_one(world)
    data = world.path.parent
    world.engine.dispose()
    assert cli_main(["--data-dir", str(data), "backup"]) == 0
    (backup,) = list_backups(data / "backups")
    for suffix in ("", "-wal", "-shm"):
        (data / f"terminal.db{suffix}").unlink(missing_ok=True)
    assert cli_main(["--data-dir", str(data), "restore", str(backup.path)]) == 0
    out = capsys.readouterr().out
    assert "Receipt numbers continue after 000001" in out
    assert _count(world.path, "sale") == 1


def test_the_missing_store_file_with_backups_is_not_taken_for_a_new_till(world, tmp_path):
    BackupService(world.path.parent).backup_now()
    world.engine.dispose()
    world.path.unlink()
    with pytest.raises(PosError) as info:
        from pos_app.app import build

        build(world.path.parent)
    assert info.value.code == "db_missing_with_backups"


def test_recover_saves_the_unsent_sales_of_a_damaged_file(world, tmp_path, capsys):
    for _ in range(30):
        _sell_one(world)
    world.engine.dispose()
    path = world.path
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'sale_line' AND pagetype = 'leaf'").fetchall()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    (page,) = pages[0]
    offset = (page - 1) * page_size
    data[offset:offset + 16] = b"\xff" * 16  # a broken b-tree page header: sale_line rows
    path.write_bytes(bytes(data))

    assert cli_main(["--data-dir", str(path.parent), "recover"]) == 0
    out = capsys.readouterr().out
    assert "Unsent events saved: 31 (the damaged file showed 31)" in out  # 30 sales + shift
    assert "sale_line" in out  # what could not be read is named
    assert _count(path, "outbox_event") == 31 and _count(path, "sale") == 30
    assert list(path.parent.glob("terminal.db.damaged-*"))
    engine = open_database(path)  # the fresh file opens and sells on
    engine.dispose()
    report_again = recover(path.parent)  # a healthy file recovers whole
    assert report_again.unreadable == {}


def test_restore_and_recover_refuse_while_a_till_runs_on_the_folder(world, tmp_path):
    import os

    from pos_app.services.backups import restore
    from pos_app.services.backups.running import MARKER

    made = BackupService(world.path.parent).backup_now()
    world.engine.dispose()
    (world.path.parent / MARKER).write_text(str(os.getppid()), "utf-8")  # a live process
    for job in (lambda: restore(world.path.parent, made.path), lambda: recover(world.path.parent)):
        with pytest.raises(PosError) as info:
            job()
        assert info.value.code == "restore_target_in_use"
    (world.path.parent / MARKER).write_text("999999999", "utf-8")  # left by a crash
    assert restore(world.path.parent, made.path, discard_unsent=True).backup == made.path


def test_a_backup_from_a_newer_version_is_refused_before_anything_moves(world, tmp_path):
    from pos_app.services.backups import restore

    made = BackupService(world.path.parent).backup_now()
    conn = sqlite3.connect(made.path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    world.engine.dispose()
    before = world.path.stat().st_size
    with pytest.raises(PosError) as info:
        restore(world.path.parent, made.path, discard_unsent=True)
    assert info.value.code == "db_newer_schema"
    assert world.path.stat().st_size == before
    assert not list(world.path.parent.glob("terminal.db.before-restore-*"))
