"""Admin operations behind `shopfloor-hq admin …` (and the test fixtures): stores, terminals,
enrollment codes, staff, devices, the exception list. Each is one short transaction.

Staff changes are written to the change log in the same transaction, scoped to the staff
member's store, so only that store's terminals pull them, and with the PIN hash keyed by
the store's pepper (`pepper_hash`): a till's copied database cannot be brute-forced.

Pairing hygiene (issue 13): enrollment codes expire (default 30 minutes); a terminal that
already has a live device is enrolled again only with `replace=True`, and then the old
device is revoked when the new one registers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, update

from hq import changes
from hq import models as m
from hq.db import writer
from hq.tokens import new_enrollment_code, sha256_hex
from pos_app.domain.pins import hash_pin, pepper_hash
from sync.contract.streams_catalog import StaffData

ROLES = ("cashier", "guide", "manager")
ENROLL_TTL = timedelta(minutes=30)


class AdminError(Exception):
    """A refused admin command; the CLI prints the message and exits non-zero."""


@dataclass(frozen=True)
class Enrollment:
    code: str  # shown once; HQ keeps only its hash
    store_id: str
    terminal_id: str


def id_by_code(conn: Connection, table: Table, column: str, value: str, what: str) -> str:
    """The id of the `table` row whose `column` is `value` (a store's code, a product's
    sku); AdminError "unknown <what> '<value>'" if none. One helper for every admin
    command that names a thing by its code (review 20 #8)."""
    found = conn.execute(select(table.c.id).where(table.c[column] == value)).scalar()
    if found is None:
        raise AdminError(f"unknown {what} {value!r}")
    return str(found)


def _store_id(conn: Connection, store_code: str) -> str:
    return id_by_code(conn, m.Store.__table__, "code", store_code, "store")


def _terminal_id(conn: Connection, store_id: str, terminal_code: str) -> str | None:
    term = m.Terminal.__table__
    return conn.execute(
        select(term.c.id).where(term.c.store_id == store_id, term.c.code == terminal_code)
    ).scalar()


def create_store(engine: Engine, code: str, name: str, address: str = "") -> str:
    store = m.Store.__table__
    with writer(engine).begin() as conn:
        if conn.execute(select(store.c.id).where(store.c.code == code)).scalar():
            raise AdminError(f"store {code!r} exists already")
        sid = m.new_id()
        conn.execute(insert(store), {"id": sid, "code": code, "name": name, "address": address,
                                     "created_at": m.utcnow(),
                                     "pin_pepper": secrets.token_hex(32)})
    return sid


def create_terminal(engine: Engine, store_code: str, terminal_code: str, name: str = "") -> str:
    with writer(engine).begin() as conn:
        sid = _store_id(conn, store_code)
        if _terminal_id(conn, sid, terminal_code):
            raise AdminError(f"terminal {store_code}/{terminal_code} exists already")
        tid = m.new_id()
        conn.execute(insert(m.Terminal.__table__),
                     {"id": tid, "store_id": sid, "code": terminal_code, "name": name})
    return tid


def live_devices(conn: Connection, terminal_id: str) -> list[str]:
    dev = m.Device.__table__
    return list(conn.execute(select(dev.c.id).where(
        dev.c.terminal_id == terminal_id, dev.c.revoked.is_(False))).scalars())


def enroll(engine: Engine, store_code: str, terminal_code: str,
           ttl: timedelta = ENROLL_TTL, replace: bool = False) -> Enrollment:
    """A fresh one-time code for pairing a device as this terminal, valid for `ttl`.

    A terminal with a live device is refused unless `replace`: then registering with the
    code revokes the old device (a stolen or re-installed till stops at once)."""
    if not timedelta(minutes=1) <= ttl <= timedelta(days=7):
        raise AdminError("--ttl must be between 1 minute and 7 days")
    with writer(engine).begin() as conn:
        sid = _store_id(conn, store_code)
        tid = _terminal_id(conn, sid, terminal_code)
        if tid is None:
            raise AdminError(f"unknown terminal {store_code}/{terminal_code}")
        if live_devices(conn, tid) and not replace:
            raise AdminError(f"terminal {store_code}/{terminal_code} has a live device: "
                             "enroll with --replace to pair a new one (the old one is revoked "
                             "when it registers), or revoke-terminal first")
        code = new_enrollment_code()
        now = m.utcnow()
        conn.execute(insert(m.EnrollmentCode.__table__), {
            "id": m.new_id(), "code_hash": sha256_hex(code), "store_id": sid,
            "terminal_id": tid, "created_at": now, "expires_at": now + ttl,
            "replaces": replace})
    return Enrollment(code=code, store_id=sid, terminal_id=tid)


def store_pepper(conn: Connection, store_id: str) -> bytes:
    """The store's pepper (made on first use for a store created before it existed)."""
    store = m.Store.__table__
    value = conn.execute(select(store.c.pin_pepper).where(store.c.id == store_id)).scalar()
    if not value:
        value = secrets.token_hex(32)
        conn.execute(update(store).where(store.c.id == store_id, store.c.pin_pepper == "")
                     .values(pin_pepper=value))
        value = conn.execute(select(store.c.pin_pepper).where(store.c.id == store_id)).scalar()
    return bytes.fromhex(value)


def staff_data(row: Any, pepper: bytes) -> dict[str, Any]:
    """The `staff` stream row (validated against the wire contract), its PIN hash keyed
    with the store's pepper."""
    return StaffData(id=row.id, code=row.code, name=row.name, role=row.role,
                     pin_hash=pepper_hash(row.pin_hash, pepper), active=row.active).model_dump()


def create_staff(
    engine: Engine, store_code: str, code: str, name: str, role: str, pin: str
) -> str:
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise AdminError("PIN must be 4 to 8 digits")
    staff = m.Staff.__table__
    with writer(engine).begin() as conn:
        sid = _store_id(conn, store_code)
        if conn.execute(select(staff.c.id).where(staff.c.code == code)).scalar():
            raise AdminError(f"staff code {code!r} exists already")
        row = {"id": m.new_id(), "store_id": sid, "code": code, "name": name, "role": role,
               "pin_hash": hash_pin(pin), "active": True, "updated_at": m.utcnow()}
        conn.execute(insert(staff), row)
        changes.record(conn, "staff", row["id"], "upsert",
                       staff_data(_Row(row), store_pepper(conn, sid)), store_id=sid)
    return row["id"]


def set_staff_active(engine: Engine, code: str, active: bool) -> None:
    """Deactivate (or reactivate) staff: an upsert with active=false, not a tombstone, because
    the terminal's sales keep pointing at the person."""
    staff = m.Staff.__table__
    with writer(engine).begin() as conn:
        row = conn.execute(select(staff).where(staff.c.code == code)).first()
        if row is None:
            raise AdminError(f"unknown staff code {code!r}")
        conn.execute(update(staff).where(staff.c.id == row.id)
                     .values(active=active, updated_at=m.utcnow()))
        data = staff_data(_Row({**row._asdict(), "active": active}),
                          store_pepper(conn, row.store_id))
        changes.record(conn, "staff", row.id, "upsert", data, store_id=row.store_id)


def revoke_device(engine: Engine, device_id: str) -> None:
    dev = m.Device.__table__
    with writer(engine).begin() as conn:
        done = conn.execute(update(dev).where(dev.c.id == device_id)
                            .values(revoked=True, revoked_at=m.utcnow())).rowcount
    if not done:
        raise AdminError(f"unknown device {device_id!r}")


def revoke_terminal(engine: Engine, store_code: str, terminal_code: str) -> int:
    """Revoke every live device of a terminal (a stolen till); returns how many."""
    dev = m.Device.__table__
    with writer(engine).begin() as conn:
        tid = _terminal_id(conn, _store_id(conn, store_code), terminal_code)
        if tid is None:
            raise AdminError(f"unknown terminal {store_code}/{terminal_code}")
        return int(conn.execute(update(dev).where(dev.c.terminal_id == tid,
                                                  dev.c.revoked.is_(False))
                                .values(revoked=True, revoked_at=m.utcnow())).rowcount or 0)


def list_devices(engine: Engine, store_code: str | None = None) -> list[dict[str, Any]]:
    """Every paired device with its store and terminal, newest first."""
    dev, term, store = m.Device.__table__, m.Terminal.__table__, m.Store.__table__
    query = (select(dev.c.id, dev.c.name, dev.c.created_at, dev.c.revoked, dev.c.revoked_at,
                    term.c.code.label("terminal_code"), store.c.code.label("store_code"))
             .join(term, term.c.id == dev.c.terminal_id)
             .join(store, store.c.id == term.c.store_id)
             .order_by(store.c.code, term.c.code, dev.c.created_at.desc()))
    if store_code:
        query = query.where(store.c.code == store_code)
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(query).all()]


def list_exceptions(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    exc = m.SyncException.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(exc).order_by(exc.c.id.desc()).limit(limit)).all()
    return [r._asdict() for r in rows]


class _Row:
    """Attribute access over a dict, so `staff_data` takes a result row or a fresh dict."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
