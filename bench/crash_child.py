"""The process the crash bench kills: sells in a tight loop through the real CheckoutService.

Protocol on stdout (unbuffered `os.write`, so what the parent reads is exactly what was
written before the SIGKILL):  `ready` once set up; then per sale `B` just before
`complete_sale` is called and `C <receipt_no>` only AFTER it has returned, i.e. after COMMIT.
A trailing `B` therefore tells the parent the kill landed inside a commit.

Imports are kept to what selling needs (no Alembic, Qt or printer code): the parent pays this
start-up on every run. The DB was migrated by the parent, so `make_engine` (same pragmas as
`open_database`) is enough here.
"""

from __future__ import annotations

import os
import random
import sys
import time

from sqlalchemy import text

from local_db.engine import make_engine
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.catalog import CatalogService
from pos_app.services.checkout import CheckoutService
from pos_app.services.context import StaffInfo
from pos_app.services.shifts import ShiftService
from pos_app.services.terminal_setup import TerminalSetupService
from pos_app.services.till.scan import SaleScanner

GIVE_UP_S = 60.0  # if the parent died, do not sell forever


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def _tenders(total: int, rng: random.Random) -> list[Tender]:
    """Cash with change, exact card, or card + cash split: every tender path gets killed."""
    kind = rng.randrange(3)
    if kind == 0 or total < 2:
        return [Tender(TenderKind.CASH, (total // 1000 + 1) * 1000)]
    if kind == 1:
        return [Tender(TenderKind.CARD, total)]
    card = rng.randrange(1, total)
    return [Tender(TenderKind.CARD, card), Tender(TenderKind.CASH, total - card + 500)]


def main(db_path: str, seed: int) -> int:
    rng = random.Random(seed)
    engine = make_engine(db_path)
    terminal = TerminalSetupService(engine).current()
    if terminal is None:
        raise SystemExit("no terminal in the DB")
    shift = ShiftService(engine, terminal).current()
    with engine.connect() as conn:
        staff = conn.execute(
            text("SELECT id, code, name, role FROM staff WHERE role = 'cashier' LIMIT 1")
        ).one()
        codes = [row[0] for row in conn.execute(text("SELECT code FROM barcode"))]
    cashier = StaffInfo(id=staff[0], code=staff[1], name=staff[2], role=staff[3])
    checkout = CheckoutService(engine, terminal, CatalogService(engine))
    scanner = SaleScanner.over(engine, terminal)
    _say("ready")
    deadline = time.monotonic() + GIVE_UP_S
    while time.monotonic() < deadline:
        cart = Cart()
        for code in rng.sample(codes, rng.randint(1, 5)):
            scanner.ring(cart, code, rng.randint(1, 3))
        tenders = _tenders(cart.totals().total, rng)
        _say("B")
        done = checkout.complete_sale(cart, tenders, cashier, shift)
        _say(f"C {done.receipt_no}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
