"""`python -m bench shift`: a shift of 5,000 sales closes — Z computed, stored, queued and
printed to the virtual printer — in < 2 s (issue 18, Must hold).

The shift is made through the real services (CheckoutService.complete_sale with split
tenders, a few returns and cash moves; nothing synced, so every event is still queued and
the close needs a manager's approval, as offline). The DB is then copied once per run and
each copy closed once: `z_close_ms` is ShiftService.close (facts summed, Z number, stored
figures, shift.closed queued, one transaction with fsync) + the Z slip rendered (80 mm,
Chinese, 18-B's devices/printer/shift_slip.render_z) and handed to the virtual printer.
Beside it, `raw_sum_ms`: a hand-written sqlite3 sum of the same rows (sales, tenders net of
change, refunds, moves), the floor any Z must read.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.stats import machine, now_iso
from bench.store import create_store
from devices.printer.shift_slip import render_z
from devices.printer.virtual import get_virtual_printer
from local_db.database import open_database
from pos_app.domain.cart import Cart
from pos_app.domain.permissions import Action
from pos_app.domain.shifts import Count
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.approvals import Approval
from pos_app.services.returns import ReturnService
from pos_app.services.shifts import ClosedShift, ShiftService
from pos_app.services.terminal_setup import TerminalSetupService
from pos_app.services.till import TillServices

TARGET_MS = 2000
RAW_SUMS = (
    "SELECT count(*), coalesce(sum(total), 0), coalesce(sum(change), 0)"
    " FROM sale WHERE shift_id = ?1",
    "SELECT t.kind, sum(t.amount) FROM tender t JOIN sale s ON s.id = t.sale_id"
    " WHERE s.shift_id = ?1 GROUP BY t.kind",
    "SELECT count(*), coalesce(sum(refund_total), 0) FROM sale_return WHERE shift_id = ?1",
    "SELECT r.kind, sum(r.amount) FROM refund_tender r JOIN sale_return x"
    " ON x.id = r.return_id WHERE x.shift_id = ?1 GROUP BY r.kind",
    "SELECT kind, reason_code, count(*), sum(amount) FROM cash_move WHERE shift_id = ?1"
    " GROUP BY kind, reason_code",
)


def _tenders(total: int, rng: random.Random) -> list[Tender]:
    pick = rng.random()
    if pick < 0.5:
        return [Tender(TenderKind.CASH, -(-total // 1000) * 1000)]  # rounded up: change
    if pick < 0.8:
        return [Tender(TenderKind.WECHAT, total, "4200000000")]
    card = total // 2
    return [Tender(TenderKind.CARD, card), Tender(TenderKind.CASH, total - card)]


def build_shift(workdir: Path, sales: int, seed: int) -> dict[str, Any]:
    """A store with one open shift of `sales` sales (1-4 lines, split tenders), sales/100
    returns and a few cash moves; returns what the close needs."""
    rng = random.Random(seed)
    store = create_store(workdir / "shift.db", products=500)
    setup = TerminalSetupService(store.engine)
    manager = setup.add_staff("9001", "张伟", "manager", "9999")
    services = TillServices.build(store.engine, store.terminal, None)
    done = []
    for _ in range(sales):
        cart = Cart()
        for _ in range(rng.randint(1, 4)):
            services.scanner.ring(cart, rng.choice(store.barcodes), rng.randint(1, 2))
        tenders = _tenders(cart.totals().total, rng)
        done.append(services.checkout.complete_sale(cart, tenders, store.cashier, store.shift))
    returns = ReturnService(store.engine, store.terminal)
    for sale in rng.sample(done, max(1, sales // 100)):
        found = returns.find_sale(sale.receipt_no)
        line = found.lines[0]
        returns.complete_return(sale.receipt_no, {line.sale_line_id: 1}, store.cashier,
                                store.shift)
    shifts = ShiftService(store.engine, store.terminal)
    for n in range(10):
        shifts.cash_move(store.cashier, "in" if n % 2 else "out", 1000 * (n + 1),
                         "change_fund" if n % 2 else "bank_deposit")
    store.engine.dispose()
    conn = sqlite3.connect(store.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"path": store.path, "store": store, "manager": manager}


def _raw_sums(path: Path, shift_id: str) -> float:
    conn = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        for sql in RAW_SUMS:
            conn.execute(sql, (shift_id,)).fetchall()
        return (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def _close_once(template: Path, copy: Path, built: dict[str, Any]) -> tuple[float, int, int]:
    """Close one copy of the shift: (ms, z_no, slip bytes)."""
    shutil.copy(template, copy)
    store = built["store"]
    engine = open_database(copy)
    try:
        shifts = ShiftService(engine, store.terminal)
        preview = shifts.preview_close(store.cashier, Count())
        cash = preview.expected_cash
        count = Count(cash={10000: cash // 10000, 10: (cash % 10000) // 10})
        approval = Approval(Action.CLOSE_SHIFT_WITH_QUEUE, store.cashier, built["manager"])
        printer = get_virtual_printer("bench-shift")
        start = time.perf_counter()
        done = shifts.close(store.cashier, count, approved_by=approval)
        assert isinstance(done, ClosedShift)
        slip = render_z(done.report, 80, "zh_CN")
        printer.receive(slip)
        elapsed = (time.perf_counter() - start) * 1000
        return elapsed, done.z_no, len(slip)
    finally:
        engine.dispose()


def run(sales: int, runs: int = 3, seed: int = 42, workdir: Path | None = None
        ) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        base = Path(tmp)
        start = time.perf_counter()
        built = build_shift(base, sales, seed)
        build_s = time.perf_counter() - start
        shift_id = built["store"].shift.id
        close_ms, raw_ms, slip_bytes = [], [], 0
        for n in range(runs):
            raw_ms.append(_raw_sums(built["path"], shift_id))
            ms, z_no, slip_bytes = _close_once(built["path"], base / f"close-{n}.db", built)
            assert z_no == 1
            close_ms.append(ms)
        z_close = statistics.median(close_ms)
        return {
            "bench": "shift", "sales": sales, "runs": runs,
            "z_close_ms": round(z_close, 1), "z_close_ms_max": round(max(close_ms), 1),
            "raw_sum_ms": round(statistics.median(raw_ms), 2),
            "slip_bytes": slip_bytes, "build_s": round(build_s, 1),
            "target_ms": TARGET_MS, "met": {"z_close_ms": z_close < TARGET_MS},
            "date": now_iso(), "machine": machine(base),
        }


def format_table(report: dict[str, Any]) -> str:
    return "\n".join([
        f"shift of {report['sales']:,} sales (built in {report['build_s']} s), "
        f"{report['runs']} close(s)",
        f"  z_close_ms  {report['z_close_ms']:>9} ms (max {report['z_close_ms_max']})  "
        f"target < {report['target_ms']} ms  {'met' if report['met']['z_close_ms'] else 'MISSED'}",
        f"  raw_sum_ms  {report['raw_sum_ms']:>9} ms (plain sqlite3 sums of the same rows)",
        f"  slip        {report['slip_bytes']:>9} bytes of ESC/POS to the virtual printer",
    ])
