"""Seed a demo store: terminal, three staff with known PINs, ~200 products with stock.

Idempotent: a second run on a seeded database writes nothing and returns the same DemoInfo.
Staff, products, barcodes, opening stock and audit rows go in ONE write transaction; the
store/terminal row comes first through TerminalSetupService (its own small transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.ids import new_id
from local_db.models import Barcode, Product, Staff, StockMove, Unit
from local_db.uow import read_session, write_session
from pos_app.domain.pins import hash_pin
from pos_app.services import audit
from pos_app.services.context import TerminalInfo
from pos_app.services.demo_campaign import seed_demo_campaign
from pos_app.services.demo_catalog import (
    COLA_330_BARCODE,
    TEA_JASMINE_BARCODE,
    TOTE_BARCODE,
    DemoProduct,
    demo_products,
)
from pos_app.services.demo_coupon import seed_demo_coupon
from pos_app.services.demo_history import HISTORY_GUIDE, seed_demo_history
from pos_app.services.terminal_setup import TerminalSetupService


class DemoStaff(NamedTuple):
    code: str
    name: str
    role: str
    pin: str


class DemoSample(NamedTuple):
    barcode: str
    name_zh: str
    name_en: str
    price: int  # fen
    unit_tracked: bool


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("1001", "李娜", "cashier", "1111"),
    DemoStaff("2001", "王芳", "guide", "2222"),
    DemoStaff("9001", "张伟", "manager", "9999"),
)

# The unit-tracked product shown among the samples.
_UNIT_SAMPLE_NAME = "蓝牙耳机 白色"


@dataclass(frozen=True)
class DemoInfo:
    terminal: TerminalInfo
    staff: tuple[DemoStaff, ...]  # (code, name, role, pin) for the demo sign-in screen
    product_count: int  # demo products in the catalog
    sample_barcodes: tuple[str, ...]  # codes to type or scan in the demo
    samples: tuple[DemoSample, ...]  # the same codes with name and price
    sample_units: tuple[str, ...] = ()  # unit codes in stock, for one-product-one-code


def _samples(products: list[DemoProduct]) -> tuple[DemoSample, ...]:
    by_code = {p.barcode: p for p in products}
    chosen = [by_code[COLA_330_BARCODE], by_code[TEA_JASMINE_BARCODE], by_code[TOTE_BARCODE]]
    chosen += [p for p in products if p.name_zh == _UNIT_SAMPLE_NAME]
    return tuple(
        DemoSample(p.barcode, p.name_zh, p.name_en, p.price, p.unit_tracked) for p in chosen
    )


def seed_demo(
    engine: Engine,
    store_code: str = "S01",
    store_name: str = "示例旗舰店",
    terminal_code: str = "T01",
    history: bool = False,
) -> DemoInfo:
    """Create (once) the demo store, staff and catalog, and with `history` (what `shopfloor
    --demo` asks) for a demo created by this call its members and past month of trading (a
    store seeded earlier without them keeps its figures as they are); later calls change
    nothing."""
    terminal = TerminalSetupService(engine).ensure_terminal(store_code, store_name, terminal_code)
    products = demo_products()

    # Hash PINs (scrypt, tens of ms each) before taking the write lock, only for new staff.
    with read_session(engine) as session:
        known = set(session.exec(select(Staff.code)).all())
    hashes = {s.code: hash_pin(s.pin) for s in DEMO_STAFF if s.code not in known}

    if hashes or _missing_skus(engine, products):
        with write_session(engine) as session:
            _write(session, terminal, products, hashes)

    seed_demo_campaign(engine)  # a BOGO on 可口可乐 500ml, as HQ's stream would bring it
    seed_demo_coupon(engine)  # a member's gift coupon for the guide's gift redemption
    samples = _samples(products)
    sample_units = _receive_demo_units(engine, terminal, products)
    if history and not known:  # a new demo: members and 30 days of trading (demo_history.py)
        guide_hash = None if HISTORY_GUIDE[0] in known else hash_pin(HISTORY_GUIDE[3])
        seed_demo_history(engine, terminal, guide_hash)
    return DemoInfo(
        terminal=terminal,
        staff=_demo_staff_present(engine),
        product_count=len(products),
        sample_barcodes=tuple(s.barcode for s in samples),
        samples=samples,
        sample_units=sample_units,
    )


def _demo_staff_present(engine: Engine) -> tuple[DemoStaff, ...]:
    """Every demo person this store holds, the history's guide too when the past month was
    made (tester 25 #4: the sign-in hint named 3 of the 4), so the hint follows the data."""
    with read_session(engine) as session:
        present = set(session.exec(select(Staff.code)).all())
    people = (*DEMO_STAFF, DemoStaff(*HISTORY_GUIDE))
    return tuple(sorted((s for s in people if s.code in present), key=lambda s: s.code))


def demo_unit_codes(products: list[DemoProduct], per_product: int = 5) -> list[str]:
    """GS1 unit codes (01)+(21) for every unit-tracked demo product: what a box label carries."""
    return [
        f"(01)0{p.barcode}(21)DEMO{n:03d}"
        for p in products
        if p.unit_tracked
        for n in range(1, per_product + 1)
    ]


def _receive_demo_units(
    engine: Engine, terminal: TerminalInfo, products: list[DemoProduct]
) -> tuple[str, ...]:
    """Put the demo's tracked items in stock once, so one-product-one-code can be tried."""
    from pos_app.services.context import StaffInfo
    from pos_app.services.units import UnitService

    codes = demo_unit_codes(products)
    with read_session(engine) as session:
        has_units = session.exec(select(Unit.id).limit(1)).first() is not None
        manager = session.exec(select(Staff).where(Staff.code == "9001")).first()
    if not has_units and manager is not None:
        UnitService(engine, terminal).receive(
            codes, StaffInfo(manager.id, manager.code, manager.name, manager.role)
        )
    return tuple(codes[:3])


def _missing_skus(engine: Engine, products: list[DemoProduct]) -> bool:
    with read_session(engine) as session:
        have = set(session.exec(select(Product.sku)).all())
    return any(p.sku not in have for p in products)


def _write(
    session: Session, terminal: TerminalInfo, products: list[DemoProduct], hashes: dict[str, str]
) -> None:
    """Everything the demo adds, re-checked inside the transaction (another writer may have won)."""
    known_staff = set(session.exec(select(Staff.code)).all())
    staff_added = 0
    for s in DEMO_STAFF:
        if s.code in known_staff or s.code not in hashes:
            continue
        staff = Staff(
            store_id=terminal.store_id, code=s.code, name=s.name, role=s.role,
            pin_hash=hashes[s.code],
        )
        session.add(staff)
        session.flush()
        audit.append(session, "staff_added", None, staff.id, role=s.role)
        staff_added += 1

    have_skus = set(session.exec(select(Product.sku)).all())
    taken_codes = set(session.exec(select(Barcode.code)).all())
    new_products: list[Product] = []
    children: list[object] = []
    for p in products:
        if p.sku in have_skus:
            continue
        row = Product(
            id=new_id(),
            sku=p.sku,
            name_zh=p.name_zh,
            name_en=p.name_en,
            price=p.price,
            member_price=p.member_price,
            category=p.category,
            tax_rate_bp=p.tax_rate_bp,
            unit_tracked=p.unit_tracked,
            stock_qty=p.stock,
        )
        new_products.append(row)
        if p.barcode not in taken_codes:  # never steal a code another product owns
            taken_codes.add(p.barcode)
            children.append(Barcode(code=p.barcode, product_id=row.id))
        if p.stock:
            children.append(StockMove(product_id=row.id, quantity=p.stock, reason="receive"))
    if new_products:
        session.add_all(new_products)
        session.flush()
        session.add_all(children)
        session.flush()
    if staff_added or new_products:
        audit.append(
            session, "demo_seeded", None, terminal.terminal_id,
            staff=staff_added, products=len(new_products),
        )
