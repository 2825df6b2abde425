"""HQ applies the tills' shift events: cash moves, no-sale drawer opens and the close with
its Z. Idempotent like sales: HQ's event table dedupes on the event id before any of this
runs, and each row is keyed by the till's own id, so a replay can never count twice."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from hq import models as m
from hq.audit.heads import record_head
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from hq.store_staff import is_staff
from sync.contract.envelope import EventIn
from sync.contract.events_shifts import (
    CashMovedPayload,
    NoSalePayload,
    ShiftClosedPayload,
    ShiftOpenedPayload,
)

_HEX64 = re.compile(r"[0-9a-f]{64}")
MOVE, Z, SHIFT = m.CashMove.__table__, m.ZReport.__table__, m.Shift.__table__
INSERT_MOVE, INSERT_Z, INSERT_SHIFT = insert(MOVE), insert(Z), insert(SHIFT)


def own_shift(conn: Connection, device: DeviceInfo, shift_id: str, terminal_id: str = "",
              staff_id: str = "", at: datetime | None = None) -> None:
    """A shift's figures come from its own till only: a cash move, no-sale or close naming
    a shift another terminal opened (another store's, another till's) would change someone
    else's Z, so it is a conflict and nothing is applied.

    A shift HQ never saw opened (its `shift.opened` never came: the shift was opened before
    the till was paired) is taken as the sending till's when the event names that very
    terminal (`terminal_id`, the device's identity): HQ's shift row is made from the facts
    it has — who and when (`staff_id`, `at`: the first event of it HQ got) — and no value:
    the float is unknown (0), so HQ's own Z shows the till's float as a difference rather
    than take it (20-L1). A later `shift.opened` fills them in (`apply_shift_opened`).
    The named staff is kept only if HQ knows them in the device's store; else it stays blank
    (HQ trusts the till's identity, not a name it cannot place)."""
    row = conn.execute(select(SHIFT.c.terminal_id).where(SHIFT.c.id == shift_id)).first()
    if row is None and at is not None and terminal_id == device.terminal_id:
        who = staff_id if staff_id and is_staff(conn, staff_id, device.store_id) else ""
        conn.execute(INSERT_SHIFT, {
            "id": shift_id, "store_id": device.store_id, "terminal_id": device.terminal_id,
            "opened_by": who, "opened_at": at, "opening_float": 0, "float_known": False})
        return
    if row is None or row.terminal_id != device.terminal_id:
        raise ConflictError(f"shift_not_own: shift {shift_id} was not opened by this "
                            "terminal")


def apply_shift_opened(conn: Connection, device: DeviceInfo, ev: EventIn,
                       p: ShiftOpenedPayload) -> None:
    """The shift opens at HQ once. A row HQ made itself from this till's later events
    before the open arrived (`own_shift`: float_known false) gets the open's own facts —
    once, and only while the shift is open: after the close HQ's Z is settled, and a float
    arriving then would move HQ's expected cash after the fact (review 20 #1). Any other
    second open is `shift_already_opened` and the float stays; another terminal's id is
    `shift_not_own`."""
    facts = {"opened_by": p.opened_by, "opened_at": p.opened_at,
             "opening_float": p.opening_float, "float_known": True}
    row = conn.execute(select(SHIFT.c.terminal_id).where(SHIFT.c.id == p.shift_id)).first()
    if row is None:
        conn.execute(INSERT_SHIFT, {"id": p.shift_id, "store_id": device.store_id,
                                    "terminal_id": device.terminal_id, **facts})
        return
    if row.terminal_id != device.terminal_id:
        raise ConflictError(f"shift_not_own: shift {p.shift_id} was opened by another "
                            "terminal")
    filled = conn.execute(update(SHIFT).where(
        SHIFT.c.id == p.shift_id, SHIFT.c.float_known.is_(False),
        SHIFT.c.closed_at.is_(None)).values(**facts)).rowcount
    if not filled:
        raise ConflictError(f"shift_already_opened: shift {p.shift_id} was opened already "
                            "or is closed; its float stays")


def apply_cash_moved(conn: Connection, device: DeviceInfo, ev: EventIn,
                     p: CashMovedPayload) -> None:
    own_shift(conn, device, p.shift_id, p.terminal_id, p.staff_id, p.at)
    conn.execute(INSERT_MOVE, {
        "id": p.id, "event_id": ev.event_id, "store_id": device.store_id,
        "terminal_id": device.terminal_id, "shift_id": p.shift_id, "staff_id": p.staff_id,
        "approved_by": None, "kind": p.kind, "amount": p.amount,
        "reason_code": p.reason_code, "note": p.note, "at": p.at, "received_at": m.utcnow(),
    })


def apply_no_sale(conn: Connection, device: DeviceInfo, ev: EventIn, p: NoSalePayload) -> None:
    own_shift(conn, device, p.shift_id, p.terminal_id, p.staff_id, p.at)
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
    own_shift(conn, device, p.shift_id, p.terminal_id, p.closed_by, p.closed_at)
    done = conn.execute(
        update(SHIFT)
        .where(SHIFT.c.id == p.shift_id, SHIFT.c.terminal_id == device.terminal_id,
               SHIFT.c.closed_at.is_(None))
        .values(closed_at=p.closed_at, closed_by=p.closed_by, counted_cash=p.counted_cash)
    ).rowcount
    if not done:
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
