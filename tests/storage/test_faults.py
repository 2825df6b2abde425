"""Faults named truthfully: what a store's bad day does to the store file, and what the till
then says — at start-up, in a sale and on the command line. Real files, a real small tmpfs
for the full and read-only disks."""

from __future__ import annotations

import sqlite3

import pytest

from local_db.database import open_database
from local_db.faults import classify
from pos_app.cli import main as cli_main
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from tests.builders import build_world
from tests.storage.small_disk import fill, read_only, read_write, small_disk


def _sell_one(world) -> None:
    cart = Cart()
    world.scanner.ring(cart, "6901234567892")
    return world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 500)], world.cashier,
                                        world.shift)


def test_a_0_byte_store_file_is_refused_not_taken_for_a_new_till(tmp_path):
    path = tmp_path / "terminal.db"
    path.write_bytes(b"")
    with pytest.raises(PosError) as info:
        open_database(path)
    assert info.value.code == "db_empty_file"
    assert "data is missing" in info.value.message()
    assert path.stat().st_size == 0  # nothing was written into it


def test_a_headerless_store_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "terminal.db"
    junk = b"\x00" * 8192
    path.write_bytes(junk)
    with pytest.raises(PosError) as info:
        open_database(path)
    assert info.value.code == "db_not_sqlite"
    assert path.read_bytes() == junk


def test_a_database_from_a_newer_version_says_so_without_a_traceback(world):
    world.engine.dispose()
    conn = sqlite3.connect(world.path)
    conn.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(PosError) as info:
        open_database(world.path)
    assert info.value.code == "db_newer_schema"
    assert "0042_from_the_future" in info.value.message()
    assert "newer version" in info.value.message()


def test_the_cli_names_the_fault_and_exits_non_zero(tmp_path, capsys):
    (tmp_path / "terminal.db").write_bytes(b"")
    csv = tmp_path / "catalog.csv"
    csv.write_text("sku,name_zh,price\nA,甲,1.00\n", "utf-8")
    assert cli_main(["--data-dir", str(tmp_path), "import-products", str(csv)]) == 2
    err = capsys.readouterr().err
    assert "is empty (0 bytes)" in err and "Traceback" not in err


def test_a_full_disk_at_start_up_is_named_as_such(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        world = build_world(disk / "terminal.db")
        world.engine.dispose()
        fill(disk)
        with pytest.raises(PosError) as info:
            open_database(disk / "terminal.db")
        assert info.value.code == "db_disk_full"
        assert "Restore" not in info.value.message()


def test_a_full_disk_during_a_sale_is_a_clear_message_and_the_sale_can_follow(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        world = build_world(disk / "terminal.db")
        _sell_one(world)
        filler = fill(disk)
        cart = Cart()
        for _ in range(3):
            world.scanner.ring(cart, "6937654321097")
        with pytest.raises(PosError) as info:
            for _ in range(200):  # the WAL grows until the disk refuses a page
                world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 40000)],
                                             world.cashier, world.shift)
        assert info.value.code == "db_disk_full"
        assert "is full" in info.value.message()
        filler.unlink()
        assert world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 40000)],
                                            world.cashier, world.shift).receipt_no
        world.engine.dispose()


def test_a_read_only_disk_says_the_file_cannot_be_written(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        world = build_world(disk / "terminal.db")
        world.engine.dispose()
        read_only(disk)
        try:
            with pytest.raises(PosError) as info:
                open_database(disk / "terminal.db").dispose()
            assert info.value.code == "db_cannot_write"
        finally:
            read_write(disk)


def test_another_program_holding_the_lock_is_named_locked(tmp_path):
    path = tmp_path / "terminal.db"
    open_database(path).dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError) as raw:
            other.execute("BEGIN IMMEDIATE")
        assert classify(raw.value, path).code == "db_locked"
    finally:
        holder.rollback()
        holder.close()
