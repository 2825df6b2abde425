"""Terminals paired with a real HQ: fresh DB → pair → first pull → sign in → open shift.

Products and staff are created at HQ (CSV import, admin) and reach the terminal through the
puller, so the sales these terminals make are the sales a real store would send.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from hq import admin, catalog
from hq import models as hm
from local_db.database import open_database
from pos_app.services.checkout import CheckoutService
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.pairing import pair_with_hq
from pos_app.services.till import Till, TillServices
from pos_app.services.till.scan import SaleScanner
from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.builders import PRODUCTS
from tests.hq.server import HQServer

CASHIER = ("1001", "李娜", "cashier", "1111")


def seed_hq(hq: HQServer, tmp: Path, store_code: str = "S01") -> None:
    """The builders' three products and one cashier, created at HQ (once per HQ)."""
    with hq.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(hm.Product.__table__)).scalar():
            return
    hq.ensure_terminal(store_code, "T01")
    path = tmp / "catalog.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["sku", "name_zh", "name_en", "barcode", "price"])
        for sku, zh, en, fen, code in PRODUCTS:
            writer.writerow([sku, zh, en, code, f"{fen / 100:.2f}"])
    catalog.import_products(hq.engine, path)
    admin.create_staff(hq.engine, store_code, *CASHIER)


@dataclass
class PairedTill:
    path: Path
    engine: Engine
    terminal: TerminalInfo
    cashier: StaffInfo
    shift: ShiftInfo
    checkout: CheckoutService

    @cached_property
    def scanner(self) -> SaleScanner:
        """Rings codes up into a cart (`ring`), as the till's sale feature does."""
        return TillServices.build(self.engine, self.terminal, None).scanner

    def signed_in(self) -> Till:
        """This till's feature facade, its cashier signed in on its open shift (the session
        set directly: the test is about what follows, not the sign-in)."""
        till = Till(TillServices.build(self.engine, self.terminal, None))
        till.session.staff, till.session.shift = self.cashier, self.shift
        return till

    def client(self, url: str | None = None, timeout: float = 10.0) -> HqClient:
        link = hq_link(self.engine)
        assert link is not None
        return HqClient(url or link.hq_url, link.token, timeout=timeout, connect_timeout=2)


def paired_till(hq: HQServer, tmp: Path, terminal_code: str, store_code: str = "S01",
                cashier: tuple[str, str, str, str] | None = None) -> PairedTill:
    """`cashier` (code, name, role, PIN) signs in; default hq_world's CASHIER of S01."""
    cashier_row = cashier or CASHIER
    seed_hq(hq, tmp, store_code)
    code = hq.enroll(store_code, terminal_code)
    path = tmp / f"{store_code}-{terminal_code}.db"
    engine = open_database(path)
    info = pair_with_hq(engine, hq.url, code, f"till {terminal_code}")
    link = hq_link(engine)
    assert link is not None
    with HqClient(hq.url, link.token) as client:
        first = sync_once(engine, client)
    assert first.ok, first.error
    services = TillServices.build(engine, info, None)
    cashier = services.auth.sign_in(cashier_row[0], cashier_row[3])  # HQ's hash works here
    shift = services.shifts.open_shift(cashier, 20000)
    return PairedTill(path, engine, info, cashier, shift, services.checkout)


def hq_sales(hq: HQServer) -> dict[str, tuple]:
    """HQ's sales by id: (terminal_id, receipt_no, total, paid, line_count, lines stored)."""
    with hq.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT s.id, s.terminal_id, s.receipt_no, s.total, s.paid, s.line_count,"
            " (SELECT count(*) FROM sale_line l WHERE l.sale_id = s.id) FROM sale s"
        )).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def local_sales(engine: Engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT s.id, s.terminal_id, s.receipt_no, s.total, s.paid, s.line_count,"
            " (SELECT count(*) FROM sale_line l WHERE l.sale_id = s.id) FROM sale s"
        )).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def hq_event_count(hq: HQServer) -> int:
    with hq.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM event")).scalar_one()
