"""A shift's cash moves (in, out, no-sale drawer opens) and its stored Z (issue 18).

The Z row keeps the exact figures the close computed (ShiftReport as JSON), so a reprint
is byte-identical whatever happens to the rows later; `z_no` is gap-free per terminal
(the `z:<terminal>` sequence, bumped in the close's transaction).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class CashMove(SQLModel, table=True):
    __tablename__ = "cash_move"
    id: str = Field(default_factory=new_id, primary_key=True)
    shift_id: str = Field(foreign_key="shift.id", index=True)
    terminal_id: str = Field(foreign_key="terminal.id")
    staff_id: str = Field(foreign_key="staff.id")
    approved_by: str | None = Field(default=None, foreign_key="staff.id")
    kind: str = Field(max_length=8)  # in | out | no_sale
    amount: int = 0  # fen, > 0 for in/out, 0 for a no-sale
    reason_code: str = Field(default="", max_length=32)
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class ZReport(SQLModel, table=True):
    __tablename__ = "z_report"
    id: str = Field(default_factory=new_id, primary_key=True)
    terminal_id: str = Field(foreign_key="terminal.id")
    shift_id: str = Field(foreign_key="shift.id", unique=True)
    z_no: int
    closed_at: datetime = Field(default_factory=utcnow)
    closed_by: str = Field(foreign_key="staff.id")
    grand_total: int  # running total of net sales after this Z (never reset)
    figures: str = Field(sa_column=Column(Text, nullable=False))  # ShiftReport as JSON

    __table_args__ = (UniqueConstraint("terminal_id", "z_no"),)
