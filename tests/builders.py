"""Builds a small real store in a SQLite file: the same service calls the app makes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from local_db.database import open_database
from local_db.models import Barcode, Product
from local_db.uow import write_session
from pos_app.services.auth import AuthService
from pos_app.services.catalog import CatalogService
from pos_app.services.checkout import CheckoutService
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.receipts import ReceiptService
from pos_app.services.shifts import ShiftService
from pos_app.services.terminal_setup import TerminalSetupService
from pos_app.services.till import TillServices
from pos_app.services.till.scan import SaleScanner

PRODUCTS = [
    # sku, name_zh, name_en, price fen, barcode (valid EAN-13)
    ("SKU-COLA", "可口可乐 330ml", "Coca-Cola 330ml", 350, "6901234567892"),
    ("SKU-TEA", "东方树叶 500ml", "Oriental Leaf Tea", 550, "6920202888883"),
    ("SKU-BAG", "帆布手提袋", "Canvas tote", 12900, "6937654321097"),
]


@dataclass
class StoreWorld:
    path: Path
    engine: Engine
    terminal: TerminalInfo
    cashier: StaffInfo
    guide: StaffInfo
    manager: StaffInfo
    shift: ShiftInfo
    auth: AuthService
    catalog: CatalogService
    checkout: CheckoutService
    receipts: ReceiptService
    shifts: ShiftService
    scanner: SaleScanner  # a scanned code → cart line (ring) or outcome (scan)


def add_products(engine: Engine, rows=PRODUCTS, stock: int = 100) -> None:
    with write_session(engine) as session:
        for sku, zh, en, price, code in rows:
            product = Product(sku=sku, name_zh=zh, name_en=en, price=price, stock_qty=stock)
            session.add(product)
            session.flush()
            session.add(Barcode(code=code, product_id=product.id))


def build_world(path: Path, printer=None) -> StoreWorld:
    engine = open_database(path)
    setup = TerminalSetupService(engine)
    terminal = setup.ensure_terminal("S01", "上海南京路店", "T01", "南京东路 100 号")
    cashier = setup.add_staff("1001", "李娜", "cashier", "1111")
    guide = setup.add_staff("2001", "王芳", "guide", "2222")
    manager = setup.add_staff("9001", "张伟", "manager", "9999")
    add_products(engine)
    services = TillServices.build(engine, terminal, printer)
    shift = services.shifts.open_shift(cashier, 20000)
    return StoreWorld(
        path=path,
        engine=engine,
        terminal=terminal,
        cashier=cashier,
        guide=guide,
        manager=manager,
        shift=shift,
        auth=services.auth,
        catalog=services.catalog,
        checkout=services.checkout,
        receipts=services.receipts,
        shifts=services.shifts,
        scanner=services.scanner,
    )
