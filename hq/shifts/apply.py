"""HQ applies the tills' shift events: cash moves, no-sale drawer opens and the close with
its Z. Idempotent like sales: HQ's event table dedupes on the event id before any of this
runs, and each row is keyed by the till's own id, so a replay can never count twice."""

from __future__ import annotations

import re

from sqlalchemy import Connection, insert, select, update

from hq import models as m
from hq.audit.heads import record_head
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from sync.contract.envelope import EventIn
from sync.contract.events_shifts import CashMovedPayload, NoSalePayload, ShiftClosedPayload

_HEX64 = re.compile(r"[0-9a-f]{64}")
MOVE, Z, SHIFT = m.CashMove.__table__, m.ZReport.__table__, m.Shift.__table__
INSERT_MOVE, INSERT_Z = insert(MOVE), insert(Z)


def own_shift(conn: Connection, device: DeviceInfo, shift_id: str) -> None:
    """A shift's figures come from its own till only: a cash move or no-sale naming a shift
    HQ did not see opened by this device's terminal (another store's, another till's, or
    none) would change someone else's Z, so it is a conflict and nothing is applied. The
    till pushes in order, so its `shift.opened` is always there first."""
    if conn.execute(select(SHIFT.c.id).where(
            SHIFT.c.id == shift_id, SHIFT.c.terminal_id == device.terminal_id)).first() is None:
        raise ConflictError(f"shift_not_own: shift {shift_id} was not opened by this "
                            "terminal")


def apply_cash_moved(conn: Connection, device: DeviceInfo, ev: EventIn,
                     p: CashMovedPayload) -> None:
    own_shift(conn, device, p.shift_id)
    conn.execute(INSERT_MOVE, {
        "id": p.id, "event_id": ev.event_id, "store_id": device.store_id,
        "terminal_id": device.terminal_id, "shift_id": p.shift_id, "staff_id": p.staff_id,
        "approved_by": None, "kind": p.kind, "amount": p.amount,
        "reason_code": p.reason_code, "note": p.note, "at": p.at, "received_at": m.utcnow(),
    })


def apply_no_sale(conn: Connection, device: DeviceInfo, ev: EventIn, p: NoSalePayload) -> None:
    own_shift(conn, device, p.shift_id)
    conn.execute(INSERT_MOVE, {
        "id": p.id, "event_id": ev.event_id, "store_id": device.store_id,
        "terminal_id": device.terminal_id, "shift_id": p.shift_id, "staff_id": p.staff_id,
        "approved_by": p.approved_by, "kind": "no_sale", "amount": 0,
        "reason_code": "no_sale", "note": "", "at": p.at, "received_at": m.utcnow(),
    })


def apply_shift_closed(conn: Connection, device: DeviceInfo, ev: EventIn,
                       p: ShiftClosedPayload) -> str:
    """The shift closes once; its Z is kept exactly as the till reported it (HQ's own view
    is computed beside it, hq.shifts.z_view, and a difference is shown, not corrected).
    The Z's audit head is kept with the terminal's other heads (hq.audit): a hash that
    disagrees with one HQ holds answers `conflict audit_rebuilt: …`, the close applied."""
    done = conn.execute(
        update(SHIFT)
        .where(SHIFT.c.id == p.shift_id, SHIFT.c.terminal_id == device.terminal_id,
               SHIFT.c.closed_at.is_(None))
        .values(closed_at=p.closed_at, closed_by=p.closed_by, counted_cash=p.counted_cash)
    ).rowcount
    if not done:
        own_shift(conn, device, p.shift_id)  # another terminal's: shift_not_own
        raise ConflictError(f"shift {p.shift_id} is unknown or already closed")
    if p.z is not None:
        conn.execute(INSERT_Z, {
            "shift_id": p.shift_id, "event_id": ev.event_id, "store_id": device.store_id,
            "terminal_id": device.terminal_id, "z_no": p.z.z_no, "closed_at": p.closed_at,
            "closed_by": p.closed_by, "grand_total": p.z.grand_total,
            "figures": p.z.model_dump_json(), "received_at": m.utcnow(),
        })
        if p.z.audit_seq and _HEX64.fullmatch(p.z.audit_hash):
            return record_head(conn, device, p.z.audit_seq, p.z.audit_hash, p.closed_at, "z",
                               ev.event_id)
    return ""
