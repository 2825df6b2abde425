"""Carts kept on disk (migration 0008): parked sales (挂单) and the till's open cart.

One table for both, because both are "a cart not yet sold" with the same snapshot: `kind`
'parked' rows are sales a cashier put aside (many per terminal); the single 'open' row per
terminal (id `open:<terminal id>`, so saving it is one upsert) is the cart being rung up,
rewritten after every change so it survives a crash. `payload` is the domain snapshot
(pos_app.domain.cart_snapshot); the other columns are copies for listing without parsing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class ParkedCart(SQLModel, table=True):
    __tablename__ = "parked_cart"
    id: str = Field(default_factory=new_id, primary_key=True)
    terminal_id: str = Field(foreign_key="terminal.id")
    kind: str = Field(default="parked", max_length=8)  # parked | open
    saved_at: datetime = Field(default_factory=utcnow)
    staff_id: str | None = Field(default=None, foreign_key="staff.id")  # who parked / rang it
    line_count: int = 0
    item_count: int = 0
    total: int = 0  # fen, as the cart priced it when saved
    member_id: str | None = None  # no FK: HQ merges rewrite member ids
    payload: str = Field(sa_column=Column(Text, nullable=False))

    __table_args__ = (Index("ix_parked_cart_terminal_kind", "terminal_id", "kind", "saved_at"),)
