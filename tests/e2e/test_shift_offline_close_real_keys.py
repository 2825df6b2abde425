"""Closing a shift offline in the real app on a real X server, by real X key events: a sale
queued (no HQ), the drawer counted note by note, the manager's approval for the queue, the
Z stored with number 1 and queued behind the sale it counts — nothing dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.domain.shifts import DENOMINATIONS
from tests.e2e.test_real_keys import COLA, app, store, x  # noqa: F401  (fixtures)
from tests.e2e.till_steps import open_shift, rows
from tests.e2e.xserver import XServer, wait_for
from tests.services.shifts.shift_world import pair_offline

pytestmark = pytest.mark.timeout(300)


def _pieces(fen: int) -> list[int]:
    """The drawer's notes and coins for `fen`, largest first, one entry per denomination."""
    out = []
    for value in DENOMINATIONS:
        out.append(fen // value)
        fen %= value
    assert fen == 0
    return out


def test_an_offline_close_by_real_keys_keeps_the_queue_and_stores_the_exact_z(
        x: XServer, app, store, tmp_path: Path):  # noqa: F811
    data_dir, _member = store
    db = data_dir / "terminal.db"
    pair_offline(db)  # paired, HQ out of reach: the queue waits (unpaired: only kept)
    open_shift(x, db)
    x.scan(COLA)
    x.key("F12")
    x.window_titled("^Payment$|^Pay", timeout=30)
    x.key("Return")  # the amount due, in cash
    wait_for(lambda: rows(db, "SELECT id FROM sale"), timeout=30, what="the sale")
    x.key("Return")  # the change shown, dismissed
    (opening,) = rows(db, "SELECT opening_float FROM shift")[0]
    queued = rows(db, "SELECT count(*) FROM outbox_event WHERE status = 'pending'")[0][0]
    assert queued >= 2  # shift.opened, sale.completed: HQ was never reached

    x.key("ctrl+shift+z")
    x.window_titled("^Close shift$", timeout=30)
    for pieces in _pieces(opening + 350):  # one field per denomination, Enter to the next
        if pieces:
            x.human(str(pieces))
        x.key("Return")  # Enter in the last field closes
    x.window_titled("^Manager approval$", timeout=30)
    x.human("9001")
    x.key("Tab")
    x.human("9999")
    x.key("Return")
    z = wait_for(lambda: rows(db, "SELECT z_no, figures FROM z_report"), timeout=30,
                 what="the Z to be stored")[0]
    x.screenshot(tmp_path / "z.png")
    figures = json.loads(z[1])
    assert z[0] == 1
    assert (figures["sales_count"], figures["sales_total"]) == (1, 350)
    assert (figures["expected_cash"], figures["counted_cash"]) == (opening + 350,
                                                                   opening + 350)
    assert figures["over_short"] == 0 and figures["queued_events"] >= queued
    assert rows(db, "SELECT closed_at IS NOT NULL FROM shift") == [(1,)]
    pending = [t for (t,) in rows(db, "SELECT type FROM outbox_event WHERE status = 'pending'"
                                      " ORDER BY seq")]
    assert pending.count("sale.completed") == 1 and "shift.closed" in pending
    assert pending.index("sale.completed") < pending.index("shift.closed")
    assert app.poll() is None, "the app died"
