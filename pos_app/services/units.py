"""The unit registry (一物一码): receiving unit codes, looking them up, selling and returning.

Every state change happens inside the caller's transaction with a conditional UPDATE
(`… WHERE state = 'in_stock'`), so two tills racing for one unit cannot both win: the loser's
sale rolls back whole and is told why.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, bindparam, insert, update
from sqlmodel import Session, select

from local_db.ids import new_id, utcnow
from local_db.models import Product, Sale, Staff, Unit, UnitEvent
from local_db.uow import read_session, write_session
from pos_app.domain.codes import Classified, CodeKind, classify
from pos_app.domain.units import UnitState, check_move, sale_refusal
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.unit_receiving import UnitToReceive, check_unit_to_receive, receive_refusal
from sync.contract.events_units import UnitsReceivedPayload

log = logging.getLogger(__name__)

UNITS_PER_EVENT = 1000  # hq.limits.EVENT_ROWS['units.received']


@dataclass(frozen=True)
class UnitInfo:
    unit_key: str
    product_id: str
    sku: str
    name: str
    state: str
    in_this_store: bool
    serial: str
    gtin: str | None = None
    lot: str | None = None
    expiry: str | None = None
    sale_id: str | None = None
    receipt_no: str | None = None
    sold_at: datetime | None = None
    guide_name: str | None = None


@dataclass(frozen=True)
class ReceiveProblem:
    code: str  # what was scanned or read from the file
    error: PosError

    @property
    def message(self) -> str:
        return self.error.message()


@dataclass
class ReceiveReport:
    received: list[str] = field(default_factory=list)  # unit keys now in_stock
    problems: list[ReceiveProblem] = field(default_factory=list)


def unit_info(session: Session, unit: Unit, store_id: str) -> UnitInfo:
    product = session.get(Product, unit.product_id)
    sale = session.get(Sale, unit.sale_id) if unit.sale_id else None
    guide = session.get(Staff, unit.guide_id) if unit.guide_id else None
    return UnitInfo(
        unit_key=unit.unit_key, product_id=unit.product_id,
        sku=product.sku if product else "", name=product.name_zh if product else "",
        state=unit.state, in_this_store=unit.store_id == store_id, serial=unit.serial,
        gtin=unit.gtin, lot=unit.lot, expiry=unit.expiry, sale_id=unit.sale_id,
        receipt_no=sale.receipt_no if sale else unit.receipt_no, sold_at=unit.sold_at,
        guide_name=guide.name if guide else None,
    )


def lookup_row(session: Session, unit_key: str) -> Unit | None:
    return session.exec(select(Unit).where(Unit.unit_key == unit_key)).first()


def refusal_for(session: Session, unit_key: str, store_id: str) -> PosError | None:
    """Why `unit_key` cannot be sold at this store now, with receipt/date/guide if sold."""
    unit = lookup_row(session, unit_key)
    if unit is None:
        return sale_refusal(unit_key, None)
    info = unit_info(session, unit, store_id)
    sale = session.get(Sale, unit.sale_id) if unit.sale_id and not info.guide_name else None
    cashier = session.get(Staff, sale.cashier_id) if sale is not None else None
    return sale_refusal(
        unit_key, unit.state, in_this_store=info.in_this_store, receipt=info.receipt_no or "",
        date=info.sold_at.astimezone().strftime("%Y-%m-%d") if info.sold_at else "",
        guide=info.guide_name or "", cashier=cashier.name if cashier else "",
    )


def _key_parts(unit_key: str) -> tuple[str | None, str | None, str]:
    """(gtin, sku, serial) back from a key made by `Classified.unit_key`."""
    if unit_key.startswith("sku:"):
        _, sku, serial = unit_key.split(":", 2)
        return None, sku, serial
    return unit_key[:14], None, unit_key[15:]


_U = Unit.__table__.c
# Core, not text(): the datetime columns go through the same type processing as the ORM's.
_SELL = (
    update(Unit.__table__)
    .where(_U.unit_key == bindparam("key"), _U.state == UnitState.IN_STOCK.value,
           _U.store_id == bindparam("store"))
    .values(state=UnitState.SOLD.value, sale_id=bindparam("sale"),
            sale_line_id=bindparam("line"), sold_at=bindparam("at"),
            guide_id=bindparam("guide"), updated_at=bindparam("at"),
            receipt_no=bindparam("receipt"))
    .returning(_U.id)
)


def mark_sold(
    session: Session, lines: list[dict], sale: dict, store_id: str, staff_id: str
) -> list[dict[str, object]]:
    """Flip each line's unit in_stock → sold in the sale's transaction; refuse on any loser.

    `lines` are the sale_line rows (with `unit_code`, `unit_override_by`). A unit unknown
    here is inserted straight as sold only when a manager approved it at scan time.
    """
    conn = session.connection()
    at = sale["created_at"]
    events, moved = [], []
    for line in lines:
        key = line.get("unit_code")
        if not key:
            continue
        params = {"sale": sale["id"], "line": line["id"], "at": at,
                  "guide": line["guide_id"], "key": key, "store": store_id,
                  "receipt": sale["receipt_no"]}
        unit_id = conn.execute(_SELL, params).scalar()
        from_state: str | None = UnitState.IN_STOCK
        reason = "sale"
        if unit_id is None:
            refusal = refusal_for(session, key, store_id)
            if refusal is None or refusal.code != "unit_unknown" or not line.get(
                "unit_override_by"
            ):
                raise refusal or PosError("unit_not_in_stock", code=key, state="?")
            gtin, sku, serial = _key_parts(key)
            unit_id = new_id()
            conn.execute(insert(Unit.__table__), {
                "id": unit_id, "unit_key": key, "product_id": line["product_id"],
                "gtin": gtin, "sku": sku, "serial": serial, "state": UnitState.SOLD,
                "store_id": store_id, "sale_id": sale["id"], "sale_line_id": line["id"],
                "sold_at": at, "guide_id": line["guide_id"], "updated_at": at,
                "receipt_no": sale["receipt_no"],
            })
            from_state, reason = None, f"override:{line['unit_override_by']}"
        events.append({"id": new_id(), "unit_id": unit_id, "from_state": from_state,
                       "to_state": UnitState.SOLD, "at": at, "staff_id": staff_id,
                       "sale_id": sale["id"], "return_id": None, "reason": reason})
        moved.append({"unit_key": key, "unit_id": unit_id, "from": from_state,
                      "to": UnitState.SOLD, "sale_line_id": line["id"], "reason": reason})
    if events:
        conn.execute(insert(UnitEvent.__table__), events)
    return moved


def put_back(
    session: Session, unit_key: str, return_id: str, staff_id: str, at: datetime
) -> list[dict[str, object]]:
    """A returned unit: sold → returned → in_stock, both steps kept in its history."""
    unit = lookup_row(session, unit_key)
    if unit is None:
        raise PosError("unit_not_found", code=unit_key)
    check_move(unit_key, unit.state, UnitState.RETURNED)
    moves = []
    for from_state, to_state in ((unit.state, UnitState.RETURNED),
                                 (UnitState.RETURNED, UnitState.IN_STOCK)):
        check_move(unit_key, from_state, to_state)
        session.add(UnitEvent(unit_id=unit.id, from_state=from_state, to_state=to_state, at=at,
                              staff_id=staff_id, sale_id=unit.sale_id, return_id=return_id,
                              reason="return"))
        moves.append({"unit_key": unit_key, "unit_id": unit.id, "from": from_state,
                      "to": to_state})
    unit.state = UnitState.IN_STOCK
    unit.sale_id = unit.sale_line_id = unit.sold_at = unit.guide_id = unit.receipt_no = None
    unit.updated_at = at
    session.add(unit)
    return moves


class UnitService:
    def __init__(self, engine: Engine, terminal: TerminalInfo) -> None:
        self._engine = engine
        self._terminal = terminal

    def lookup(self, unit_key: str) -> UnitInfo:
        with read_session(self._engine) as session:
            unit = lookup_row(session, unit_key)
            if unit is None:
                raise PosError("unit_not_found", code=unit_key)
            return unit_info(session, unit, self._terminal.store_id)

    def as_registered(self, code: Classified) -> Classified:
        """`code`, or its Caps-Lock twin when only the twin is a registered unit (PRODUCT §2:
        a scan reads the same whatever the keyboard's state). Serials are case-sensitive in
        GS1, so the exact code always wins and the twin is used only when it alone exists."""
        twin = code.case_swapped()
        if twin is None:
            return code
        with read_session(self._engine) as session:
            if lookup_row(session, str(code.unit_key)) is not None:
                return code
            if lookup_row(session, str(twin.unit_key)) is not None:
                log.info("unit code read with its letters' case swapped (Caps Lock?)")
                return twin
        return code

    def sale_refusal(self, unit_key: str) -> PosError | None:
        """Checked at scan time for a quick answer; the sale's commit checks again."""
        with read_session(self._engine) as session:
            return refusal_for(session, unit_key, self._terminal.store_id)

    def receive(self, codes: list[str], staff: StaffInfo) -> ReceiveReport:
        """Scanned unit codes → in_stock, all in one transaction; each bad code is reported."""
        return self._receive([(code, classify(code, "sale")) for code in codes], staff)

    def check_to_receive(self, code: str) -> UnitToReceive:
        """One code as the receive dialog lists it (product named), or why it is refused."""
        return check_unit_to_receive(self._engine, code)

    def import_units_csv(self, path: Path | str, staff: StaffInfo) -> ReceiveReport:
        """Columns `code`, or `gtin` + `serial`, or `sku` + `serial` (lot/expiry optional)."""
        try:
            with Path(path).open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise PosError("import_file_unreadable", path=str(path), detail=str(exc)) from exc
        return self._receive([_csv_unit(row) for row in rows], staff)

    def _receive(self, items: list[tuple[str, Classified]], staff: StaffInfo) -> ReceiveReport:
        report = ReceiveReport()
        at = utcnow()
        seen: set[str] = set()
        payload: list[dict[str, object]] = []
        with write_session(self._engine) as session:
            for raw, c in items:
                error = self._receive_one(session, c, raw, seen, at, staff, payload)
                if error is not None:
                    report.problems.append(ReceiveProblem(raw, error))
                else:
                    report.received.append(str(c.unit_key))
            # HQ applies one event in one transaction: a big delivery goes as several events
            # of at most UNITS_PER_EVENT, so it never holds HQ's write lock for long.
            for start in range(0, len(payload), UNITS_PER_EVENT):
                part = payload[start:start + UNITS_PER_EVENT]
                outbox.enqueue(session, str(part[0]["id"]), UnitsReceivedPayload.model_validate(
                    {"store_id": self._terminal.store_id, "units": part}))
            if payload:
                audit.append(session, "units_received", staff.id, "", count=len(payload))
        return report

    def _receive_one(self, session, c, raw, seen, at, staff, payload) -> PosError | None:
        error, product = receive_refusal(session, c, raw, seen)
        if error is not None or product is None:
            return error
        key = c.unit_key
        seen.add(key)
        unit = Unit(unit_key=key, product_id=product.id, gtin=c.gtin, sku=c.sku or product.sku,
                    serial=str(c.serial), lot=c.lot,
                    expiry=c.expiry.isoformat() if c.expiry else None,
                    state=UnitState.IN_STOCK, store_id=self._terminal.store_id, updated_at=at)
        session.add(unit)
        session.add(UnitEvent(unit_id=unit.id, from_state=None, to_state=UnitState.IN_STOCK,
                              at=at, staff_id=staff.id, reason="receive"))
        session.flush()
        payload.append({"id": unit.id, "unit_key": key, "product_id": product.id,
                        "gtin": c.gtin, "sku": unit.sku, "serial": unit.serial, "lot": c.lot,
                        "expiry": unit.expiry, "state": unit.state})
        return None


def _csv_unit(row: dict[str, str | None]) -> tuple[str, Classified]:
    """One CSV row as if its code had been scanned (so every form is normalised alike)."""
    cell = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
    if cell.get("code"):
        return cell["code"], classify(cell["code"], "sale")
    serial = cell.get("serial", "")
    if cell.get("gtin") and serial:
        code = f"(01){cell['gtin'].zfill(14)}(21){serial}"
        if cell.get("lot"):
            code += f"(10){cell['lot']}"
        return code, classify(code, "sale")
    if cell.get("sku") and serial:
        code = f"SFU:{cell['sku']}:{serial}"
        return code, classify(code, "sale")
    return ",".join(cell.values()), Classified(CodeKind.UNKNOWN, "", error="")
