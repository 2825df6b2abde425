"""`shopfloor-hq admin z-report STORE DATE`: each shift's Z of that store and day, the
till's as reported beside HQ's own from the events it holds; a difference is flagged."""

from __future__ import annotations

import argparse
import json
from datetime import date

from sqlalchemy import Engine, select

from hq import models as m
from hq.admin import AdminError
from hq.shifts.z_view import ShiftZ, day_z
from pos_app.domain.money import yuan_text

ROWS = (("sales_count", "sales", False), ("sales_total", "sales amount", True),
        ("returns_count", "returns", False), ("returns_total", "refunded", True),
        ("discount_total", "discounts", True), ("cash_in", "cash in", True),
        ("cash_out", "cash out", True), ("no_sales", "no-sale opens", False),
        ("points_tendered", "points tendered", True), ("opening_float", "float", True),
        ("expected_cash", "expected cash", True))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("store_code")
    p.add_argument("day", help="the store's day, YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AdminError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cell(value: object, money: bool) -> str:
    if value is None:
        return "-"
    return yuan_text(int(value)) if money else str(value)  # type: ignore[call-overload]


def _text(store: str, day: date, shifts: list[ShiftZ]) -> str:
    lines = [f"Z report — store {store}, {day.isoformat()}: {len(shifts)} shift(s)"]
    for z in shifts:
        state = ("DIFFERS" if z.differences and z.till else
                 "no Z reported" if z.till is None else "matches HQ")
        z_no = f"Z {z.till.z_no}" if z.till else "open" if z.closed_at is None else "Z ?"
        lines += ["", f"terminal {z.terminal_code}  {z_no}  shift {z.shift_id}  {state}",
                  f"  {'':18}{'till':>14}{'HQ':>14}"]
        for name, label, money in ROWS:
            till = getattr(z.till, name) if z.till else None
            hq = getattr(z.hq, name)
            mark = "  ≠" if z.till and till != hq else ""
            lines.append(f"  {label:18}{_cell(till, money):>14}{_cell(hq, money):>14}{mark}")
        reported = {t.kind: t for t in z.till.tenders} if z.till else {}
        for t in z.hq.tenders:
            r = reported.get(t.kind)
            mark = "  ≠" if z.till and (r is None or r.expected != t.expected) else ""
            lines.append(f"  {'tender ' + t.kind:18}{_cell(r and r.expected, True):>14}"
                         f"{_cell(t.expected, True):>14}{mark}")
        if z.till:
            lines.append(f"  counted over/short {yuan_text(z.till.over_short)}, "
                         f"{z.till.queued_events} event(s) queued at close, grand total "
                         f"{yuan_text(z.till.grand_total)}, audit head #{z.till.audit_seq}")
        lines += [f"  ! {d}" for d in z.differences if z.till]
    lines += _terminal_days(shifts)
    flagged = sum(1 for z in shifts if z.till and z.differences)
    lines += ["", f"{flagged} shift(s) differ" if flagged else "every reported Z matches HQ"]
    return "\n".join(lines)


def _terminal_days(shifts: list[ShiftZ]) -> list[str]:
    """Each terminal's day: its shifts' sales and refunds added up, till (reported Zs) and
    HQ (its own view) side by side."""
    out = [""] if shifts else []
    for code in sorted({z.terminal_code for z in shifts}):
        mine = [z for z in shifts if z.terminal_code == code]
        hq = sum(z.hq.sales_total for z in mine), sum(z.hq.returns_total for z in mine)
        told = [z.till for z in mine if z.till]
        till = sum(t.sales_total for t in told), sum(t.returns_total for t in told)
        out.append(f"terminal {code} day: {len(mine)} shift(s), {len(told)} Z reported; sales "
                   f"till {yuan_text(till[0])} / HQ {yuan_text(hq[0])}, refunded till "
                   f"{yuan_text(till[1])} / HQ {yuan_text(hq[1])}")
    return out


def _json(store: str, day: date, shifts: list[ShiftZ]) -> str:
    return json.dumps({"store": store, "day": day.isoformat(), "shifts": [
        {"terminal": z.terminal_code, "shift_id": z.shift_id,
         "till": z.till.model_dump() if z.till else None,
         "hq": {name: getattr(z.hq, name) for name, _, _ in ROWS} | {
             "tenders": {t.kind: t.expected for t in z.hq.tenders}},
         "differences": z.differences} for z in shifts]}, ensure_ascii=False, indent=1)


def run(engine: Engine, args: argparse.Namespace) -> str:
    day = _day(args.day)
    store = m.Store.__table__
    with engine.connect() as conn:
        store_id = conn.execute(
            select(store.c.id).where(store.c.code == args.store_code)).scalar()
        if store_id is None:
            raise AdminError(f"unknown store {args.store_code!r}")
        shifts = day_z(conn, store_id, day)
    return (_json if args.json else _text)(args.store_code, day, shifts)
