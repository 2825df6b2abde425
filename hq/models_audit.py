"""HQ's record of each terminal's audit chain heads (issue 18, docs/audit.md).

Same MetaData as hq.models (which imports this module, so the migrations see the table).
Every head a terminal reports is kept once per (terminal, seq, hash); a second hash for a
seq HQ already holds is kept too, with `agrees` false: the chain was rebuilt after HQ heard
of it (or a backup was put back), and `shopfloor-hq admin audit-heads` shows it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field

from hq.models_base import UTC_TS, BigId, HQModel, utcnow


class AuditHead(HQModel, table=True):
    __tablename__ = "audit_head"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    terminal_id: str = Field(foreign_key="terminal.id", max_length=64)
    store_id: str = Field(foreign_key="store.id", index=True, max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    hash: str = Field(max_length=64)
    reported_at: datetime = Field(sa_type=UTC_TS)  # the till's clock, when it read the head
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    source: str = Field(max_length=16)  # sign_out | periodic | z
    event_id: str = Field(max_length=64)  # the event that carried it first
    agrees: bool = True  # False: HQ already held another hash for this seq

    __table_args__ = (
        UniqueConstraint("terminal_id", "seq", "hash"),
        Index("ix_audit_head_terminal_seq", "terminal_id", "seq"),
    )
