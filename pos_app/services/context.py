"""Who is at the till: this store and terminal, the signed-in staff member, the open shift."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StaffInfo:
    id: str
    code: str
    name: str
    role: str  # cashier | guide | manager

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


@dataclass(frozen=True)
class TerminalInfo:
    store_id: str
    store_code: str
    store_name: str
    store_address: str
    terminal_id: str
    terminal_code: str


@dataclass(frozen=True)
class ShiftInfo:
    id: str
    opened_by: str
    opening_float: int
