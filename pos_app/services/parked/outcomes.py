"""What the hold-and-void use cases answer (outcomes are values; the UI switches on them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval  # void_sale | drop_parked ask for one

__all__ = ["CartBack", "NeedsApproval", "Parked", "ParkedSale", "RestoreFailed", "Voided"]


@dataclass(frozen=True)
class Parked:
    id: str
    item_count: int
    total: int


@dataclass(frozen=True)
class CartBack:
    """A cart brought back (resumed or restored after a restart) and what could not be."""

    item_count: int
    total: int
    saved_at: datetime
    left_out: tuple[PosError, ...] = ()  # unit lines no longer sellable, each with its reason
    member_lost: bool = False  # the attached member is no longer on this till
    rung_by: str | None = None  # restored: who rang it up, when not the person signed in
    parked_current: bool = False  # resumed: the cart in hand was parked in its place


@dataclass(frozen=True)
class RestoreFailed:
    error: PosError


@dataclass(frozen=True)
class Voided:
    line_count: int
    item_count: int
    total: int


@dataclass(frozen=True)
class ParkedSale:
    """One row of the parked-sales list; the phone is always masked (the list faces the
    counter, whoever is signed in)."""

    id: str
    saved_at: datetime  # aware UTC; the UI shows it in store-local time
    line_count: int
    item_count: int
    total: int
    member_name: str = ""
    member_phone_masked: str = ""
    parked_by: str = ""
