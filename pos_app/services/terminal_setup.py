"""This machine's store and terminal identity, and adding staff (set-up and demo)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.models import Staff, Store, Terminal
from local_db.uow import read_session, write_session
from pos_app.domain.pins import hash_pin
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.context import StaffInfo, TerminalInfo

ROLES = ("cashier", "guide", "manager")


def _info(store: Store, terminal: Terminal) -> TerminalInfo:
    return TerminalInfo(
        store_id=store.id,
        store_code=store.code,
        store_name=store.name,
        store_address=store.address,
        terminal_id=terminal.id,
        terminal_code=terminal.code,
    )


def refuse_if_identified(session: Session) -> None:
    """PosError when this database already has a terminal of its own (e.g. the demo store):
    adopting HQ's identity on top of it would mix two stores' sales."""
    mine = session.exec(select(Terminal).where(Terminal.is_self)).first()
    if mine is not None:
        store = session.get(Store, mine.store_id)
        raise PosError(
            "terminal_has_local_identity",
            store_code=store.code if store else "?", terminal_code=mine.code,
        )


class TerminalSetupService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def current(self) -> TerminalInfo | None:
        with read_session(self._engine) as session:
            terminal = session.exec(select(Terminal).where(Terminal.is_self)).first()
            if terminal is None:
                return None
            store = session.get(Store, terminal.store_id)
            assert store is not None
            return _info(store, terminal)

    def ensure_terminal(
        self, store_code: str, store_name: str, terminal_code: str, address: str = ""
    ) -> TerminalInfo:
        """Create (once) the store and this terminal; later calls return what exists."""
        existing = self.current()
        if existing is not None:
            return existing
        with write_session(self._engine) as session:
            store = session.exec(select(Store).where(Store.code == store_code)).first()
            if store is None:
                store = Store(code=store_code, name=store_name, address=address)
                session.add(store)
                session.flush()
            terminal = Terminal(store_id=store.id, code=terminal_code, is_self=True)
            session.add(terminal)
            session.flush()
            audit.append(session, "terminal_created", None, terminal.id)
            return _info(store, terminal)

    def adopt_identity(
        self,
        store_id: str,
        store_code: str,
        store_name: str,
        terminal_id: str,
        terminal_code: str,
        address: str = "",
        also: Callable[[Session], None] | None = None,
    ) -> TerminalInfo:
        """Create this store and terminal with the ids HQ gave at pairing (HQ never renumbers).

        Sale payloads carry `terminal_id`, so a paired terminal must use HQ's ids from its
        first sale. `also` runs in the same transaction (pairing stores the device token
        there), so a crash leaves either a paired terminal or an untouched database.
        Refuses (PosError) when this database already has its own terminal.
        """
        with write_session(self._engine) as session:
            refuse_if_identified(session)
            store = session.get(Store, store_id)
            if store is None:
                store = Store(id=store_id, code=store_code, name=store_name, address=address)
                session.add(store)
            else:
                store.code, store.name, store.address = store_code, store_name, address
            session.flush()
            terminal = session.get(Terminal, terminal_id)
            if terminal is None:
                terminal = Terminal(id=terminal_id, store_id=store_id, code=terminal_code)
                session.add(terminal)
            terminal.is_self = True
            session.flush()
            if also is not None:
                also(session)
            audit.append(session, "terminal_paired", None, terminal.id)
            return _info(store, terminal)

    def add_staff(self, code: str, name: str, role: str, pin: str) -> StaffInfo:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise ValueError("PIN must be 4 to 8 digits")
        terminal = self.current()
        if terminal is None:
            raise RuntimeError("set up the terminal before adding staff")
        with write_session(self._engine) as session:
            staff = Staff(
                store_id=terminal.store_id, code=code, name=name, role=role, pin_hash=hash_pin(pin)
            )
            session.add(staff)
            session.flush()
            audit.append(session, "staff_added", None, staff.id, role=role)
            return StaffInfo(id=staff.id, code=code, name=name, role=role)
