"""Integrity without stalling the start: quick_check in the background, a full
integrity_check daily and after an unclean exit (it finds the damaged index quick_check
passes), and damage stops selling with the cart kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from local_db import health
from local_db.database import check_integrity, open_database
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.store_care import StoreCare
from tests.builders import build_world


def damage_an_index(path: Path, key: bytes = b"SKU-COLA") -> None:
    """Rewrite a key inside an index page (same length, structure intact): quick_check
    passes, integrity_check finds the index no longer matches its table."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [p for (p,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name IN (SELECT name FROM sqlite_master"
        " WHERE type = 'index' AND tbl_name = 'product')")]
    conn.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        at = data.find(key, start, start + page_size)
        if at >= 0:
            data[at + len(key) - 1] ^= 0x01  # one bit of the key's last character
            path.write_bytes(bytes(data))
            return
    raise AssertionError("key not found in any index page")


def test_a_damaged_index_passes_quick_check_and_the_full_check_finds_it(world):
    world.engine.dispose()
    damage_an_index(world.path)
    check_integrity(world.path, full=False)  # passes: why the full check is needed
    with pytest.raises(PosError) as info:
        check_integrity(world.path, full=True)
    assert info.value.code.startswith("db_damaged")


def test_the_full_check_runs_after_an_unclean_exit_and_then_once_a_day(tmp_path):
    world = build_world(tmp_path / "terminal.db")
    care = StoreCare(tmp_path, world.engine)
    assert care.started() is False
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    first = care.run(now)
    assert first.full_checked and first.backup is not None  # never checked, never backed up
    assert not care.run(now + timedelta(hours=2)).full_checked
    care2 = StoreCare(tmp_path, world.engine)  # the till died: the marker is still there
    assert care2.started() is True
    assert care2.run(now + timedelta(hours=3)).full_checked
    care2.stopped()
    care3 = StoreCare(tmp_path, world.engine)
    assert care3.started() is False
    assert care3.run(now + timedelta(hours=28)).full_checked  # a day after the last
    world.engine.dispose()


def test_damage_found_in_the_background_stops_selling_and_keeps_the_cart(tmp_path):
    world = build_world(tmp_path / "terminal.db")
    world.engine.dispose()
    damage_an_index(world.path)
    engine = open_database(world.path)  # start-up does not read the whole file
    from pos_app.services.terminal_setup import TerminalSetupService
    from pos_app.services.till import TillServices

    info = TerminalSetupService(engine).current()
    services = TillServices.build(engine, info, None)
    cashier = services.auth.sign_in("1001", "1111")  # the cashier is selling already
    shift = services.shifts.current()
    care = StoreCare(tmp_path, engine)
    care.started()
    with pytest.raises(PosError) as found:
        care.run()
    assert found.value.code.startswith("db_damaged")
    assert "shopfloor recover" in found.value.message()
    cart = Cart()
    services.scanner.ring(cart, "6901234567892")
    with pytest.raises(PosError) as stopped:
        services.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 500)], cashier, shift)
    assert stopped.value.code == "selling_stopped_damaged"
    assert "The cart is kept" in stopped.value.message()
    assert len(cart.lines) == 1
    health.forget(engine)
    engine.dispose()
