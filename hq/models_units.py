"""HQ's unit registry (一物一码) and store returns; same MetaData as hq.models.

`unit` holds HQ's authoritative state of every unit code; `unit_event` its history (one row
per move HQ applied, anomalies included). Returns mirror the terminal's sale_return,
return_line and refund_tender.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field

from hq.models_base import UTC_TS, BigId, HQModel, utcnow


class Unit(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)  # the terminal's unit id, or HQ's
    unit_key: str = Field(unique=True, max_length=120)
    product_id: str = Field(max_length=64, index=True)  # may be a product HQ never issued
    gtin: str | None = Field(default=None, max_length=14)
    sku: str | None = Field(default=None, max_length=64)
    serial: str = Field(max_length=64)
    lot: str | None = Field(default=None, max_length=64)
    expiry: str | None = Field(default=None, max_length=10)
    state: str = Field(max_length=16)  # in_stock | sold | returned | gifted | written_off
    store_id: str = Field(foreign_key="store.id", index=True)
    sale_id: str | None = Field(default=None, max_length=64, index=True)
    sold_at: datetime | None = Field(default=None, sa_type=UTC_TS)
    guide_id: str | None = Field(default=None, max_length=64)
    received_at: datetime | None = Field(default=None, sa_type=UTC_TS)
    received_store_id: str | None = Field(default=None, max_length=64)
    received_by: str = ""  # "hq" (admin import) or the event_id of units.received
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class UnitEvent(HQModel, table=True):
    __tablename__ = "unit_event"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    unit_id: str = Field(max_length=64, index=True)
    unit_key: str = Field(max_length=120)
    from_state: str | None = Field(default=None, max_length=16)
    to_state: str = Field(max_length=16)
    store_id: str = Field(max_length=64)
    sale_id: str | None = Field(default=None, max_length=64)
    return_id: str | None = Field(default=None, max_length=64)
    event_id: str | None = Field(default=None, max_length=64)
    reason: str = ""
    at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class SaleReturn(HQModel, table=True):
    __tablename__ = "sale_return"
    id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    return_no: str = Field(max_length=40)
    # None: a return without receipt (kind "no_receipt", a manager's, flagged for review)
    sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    kind: str = Field(default="receipt", max_length=16)  # receipt | other_till | no_receipt
    reason_code: str = Field(default="", max_length=32)
    store_id: str = Field(foreign_key="store.id", index=True)
    terminal_id: str = Field(foreign_key="terminal.id")
    device_id: str = Field(max_length=64)
    shift_id: str = Field(max_length=64)
    staff_id: str = Field(max_length=64)
    approved_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_type=UTC_TS, index=True)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    refund_total: int
    to_cash: bool = False
    reason: str = ""

    __table_args__ = (UniqueConstraint("terminal_id", "return_no"),)


class ReturnLine(HQModel, table=True):
    __tablename__ = "return_line"
    id: str = Field(primary_key=True, max_length=64)
    return_id: str = Field(foreign_key="sale_return.id", index=True)
    sale_line_id: str | None = Field(default=None, foreign_key="sale_line.id", index=True)
    product_id: str = Field(max_length=64)
    quantity: int
    amount: int
    unit_code: str | None = Field(default=None, max_length=120)


class RefundTender(HQModel, table=True):
    __tablename__ = "refund_tender"
    return_id: str = Field(foreign_key="sale_return.id", primary_key=True, max_length=64)
    line_no: int = Field(primary_key=True)
    kind: str
    amount: int
    reference: str = ""
