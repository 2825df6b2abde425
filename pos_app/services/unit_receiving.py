"""Checking one unit code before a delivery is received, so the receive-units dialog can
name the product on each line and refuse a bad code the moment it is scanned or typed.

The same checks run again inside the receiving transaction (`UnitService.receive`), which
stays the authority: another till may register the unit in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.models import Product, Unit
from local_db.uow import read_session
from pos_app.domain.codes import Classified, CodeKind, classify
from pos_app.errors import PosError
from pos_app.services.catalog import display_name, product_row_for_unit


@dataclass(frozen=True)
class UnitToReceive:
    code: str  # as scanned or typed
    unit_key: str
    serial: str
    sku: str
    product_name: str  # in the UI language


def receive_refusal(
    session: Session, c: Classified, raw: str, seen: set[str] | frozenset[str] = frozenset()
) -> tuple[PosError | None, Product | None]:
    """Why `c` cannot go into stock now (None if it can), and the product it names."""
    if c.kind != CodeKind.UNIT or not c.unit_key:
        if c.kind == CodeKind.UNKNOWN and c.error:
            return PosError("code_unreadable", code=raw[:60], reason=c.error), None
        return PosError("not_a_unit_code", code=raw[:60]), None
    existing = session.exec(select(Unit).where(Unit.unit_key == c.unit_key)).first()
    if c.unit_key in seen or existing is not None:
        state = existing.state if existing else "in_stock"
        return PosError("unit_duplicate", code=c.unit_key, state=state), None
    product = product_row_for_unit(session, c.gtin, c.sku)
    if product is None:
        return PosError("unit_product_unknown", code=c.unit_key), None
    return None, product


def check_unit_to_receive(engine: Engine, raw: str) -> UnitToReceive:
    """The unit a scanned or typed code names and its product, or the PosError saying why
    it cannot be received."""
    code = raw.strip()
    if not code:
        raise PosError("not_a_unit_code", code="")
    c = classify(code, "sale")
    with read_session(engine) as session:
        error, product = receive_refusal(session, c, code)
        if error is not None:
            raise error
        assert product is not None
        return UnitToReceive(code=code, unit_key=str(c.unit_key), serial=str(c.serial),
                             sku=product.sku, product_name=display_name(product))
