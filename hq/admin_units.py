"""`shopfloor-hq admin receive-units STORE_CODE FILE.csv`: units HQ ships to a store.

Columns `code` (any unit code form the scanner accepts), or `gtin`+`serial`, or `sku`+`serial`
(`lot` optional). Codes are parsed by the terminal's own `pos_app.domain.codes.classify`, so
HQ and the tills derive the same unit key. Good rows go in and bad ones are reported; a
unit already known to HQ is reported, never moved by an import.
Each received unit is published on the store's `units` stream in the same transaction.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from hq import models as m
from hq import units
from hq.admin import AdminError, _store_id
from hq.db import writer
from pos_app.domain.codes import CodeKind, barcode_forms, classify

P, B = m.Product.__table__, m.Barcode.__table__


@dataclass
class ReceiveResult:
    received: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line N: why"


def _code(row: dict[str, str | None]) -> str:
    cell = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
    serial = cell.get("serial", "")
    if cell.get("code"):
        return cell["code"]
    if cell.get("gtin") and serial:
        lot = f"(10){cell['lot']}" if cell.get("lot") else ""
        return f"(01){cell['gtin'].zfill(14)}(21){serial}{lot}"
    if cell.get("sku") and serial:
        return f"SFU:{cell['sku']}:{serial}"
    return ""


def _product_id(conn: Connection, gtin: str | None, sku: str | None) -> str | None:
    if gtin:
        stmt = select(P.c.id).join(B, B.c.product_id == P.c.id).where(
            B.c.code.in_(barcode_forms(gtin)), P.c.active)
    elif sku:
        stmt = select(P.c.id).where(P.c.sku == sku, P.c.active)
    else:
        return None
    return conn.execute(stmt.limit(1)).scalar()


def receive_units(engine: Engine, store_code: str, path: Path | str) -> ReceiveResult:
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AdminError(f"cannot read {path}: {exc}") from exc
    result = ReceiveResult()
    with writer(engine).begin() as conn:
        store_id = _store_id(conn, store_code)
        seen: set[str] = set()
        for n, row in enumerate(rows, start=2):
            code = _code(row)
            c = classify(code, "sale") if code else None
            if c is None or c.kind != CodeKind.UNIT or not c.unit_key:
                why = c.error if c is not None and c.error else "not a unit code"
                result.problems.append(f"line {n}: {code[:60] or '(empty)'}: {why}")
                continue
            key = c.unit_key
            known = conn.execute(select(units.U.c.state, units.U.c.store_id)
                                 .where(units.U.c.unit_key == key)).first()
            if key in seen or known is not None:
                state = f"{known.state} at HQ" if known is not None else "twice in the file"
                result.problems.append(f"line {n}: {key}: already known ({state})")
                continue
            product_id = _product_id(conn, c.gtin, c.sku)
            if product_id is None:
                result.problems.append(f"line {n}: {key}: no active product for this code")
                continue
            seen.add(key)
            units.receive(conn, store_id, [{
                "id": m.new_id(), "unit_key": key, "product_id": product_id, "gtin": c.gtin,
                "sku": c.sku, "serial": c.serial, "lot": c.lot,
                "expiry": c.expiry.isoformat() if c.expiry else None}], by="hq")
            result.received.append(key)
    return result
