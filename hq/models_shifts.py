"""HQ tables of shifts (issue 18): the tills' cash moves and no-sale drawer opens, and each
Z as the till reported it (`shift.closed`). HQ's own Z view is computed from its sales,
returns and these moves (hq/shifts/z_view.py), never stored, so it always says what HQ
holds now. Same MetaData as hq.models.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field

from hq.models_base import UTC_TS, HQModel, utcnow


class CashMove(HQModel, table=True):
    __tablename__ = "cash_move"
    id: str = Field(primary_key=True, max_length=64)  # the till's id: a replay is a no-op
    event_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64, index=True)
    terminal_id: str = Field(max_length=64)
    shift_id: str = Field(max_length=64, index=True)
    staff_id: str = Field(max_length=64)
    approved_by: str | None = Field(default=None, max_length=64)
    kind: str = Field(max_length=8)  # in | out | no_sale
    amount: int = 0
    reason_code: str = Field(default="", max_length=32)
    note: str = Field(default="", max_length=200)
    at: datetime = Field(sa_type=UTC_TS)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class ZReport(HQModel, table=True):
    """The till's Z as reported (its figures JSON as sent), one per shift."""

    __tablename__ = "z_report"
    shift_id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64, index=True)
    terminal_id: str = Field(max_length=64)
    z_no: int
    closed_at: datetime = Field(sa_type=UTC_TS, index=True)
    closed_by: str = Field(max_length=64)
    grand_total: int = Field(sa_column=Column(BigInteger, nullable=False))  # never reset
    figures: str = Field(sa_column=Column(Text, nullable=False))  # ZFigures JSON
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)

    __table_args__ = (UniqueConstraint("terminal_id", "z_no"),)
