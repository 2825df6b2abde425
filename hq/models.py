"""HQ tables (SQLModel). Unique constraints carry the sync rules.

They live on their own MetaData, not SQLModel's global one: the terminal's `local_db.models`
also has `sale`, `product`, `shift`…, and a process that imports both (end-to-end tests, a
demo that runs terminal and HQ together) must not see the two schemas collide.
Money is integer fen; ids of synced rows are the terminal's UUIDs (HQ never renumbers).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, Text, UniqueConstraint, true
from sqlmodel import Field

from hq.models_adjustments import SaleLineAdjustment
from hq.models_audit import AuditHead  # noqa: F401  (registers audit_head)
from hq.models_base import UTC_TS, BigId, HQModel, new_id, utcnow
from hq.models_coupon_keys import CouponSigningKey
from hq.models_coupons import CouponAnswer, CouponDefinition, CouponRedemption
from hq.models_kpi_rollup import KpiDay, KpiDirty  # noqa: F401  (issue 19-C rollup)
from hq.models_kpis import GuideTarget, LineAttribution
from hq.models_members import Coupon, Member, MemberIdentifier, PointsLedger
from hq.models_overrides import OverrideApproval
from hq.models_promotions import Campaign, CampaignRule
from hq.models_security import MemberAccess, MemberMergeHold
from hq.models_shifts import CashMove, ZReport
from hq.models_units import RefundTender, ReturnLine, SaleReturn, Unit, UnitEvent


class Store(HQModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    code: str = Field(unique=True, max_length=16)
    name: str
    address: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    # hex; keys the PIN hashes this store's staff stream carries (pos_app.domain.pins), handed
    # to the store's tills at pairing only
    pin_pepper: str = Field(default="", max_length=64)


class Terminal(HQModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    store_id: str = Field(foreign_key="store.id", index=True)
    code: str = Field(max_length=16)
    name: str = ""

    __table_args__ = (UniqueConstraint("store_id", "code"),)


class Device(HQModel, table=True):
    """A paired terminal install; only the SHA-256 of its bearer token is kept."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    terminal_id: str = Field(foreign_key="terminal.id", index=True)
    name: str = ""
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    revoked: bool = False
    revoked_at: datetime | None = Field(default=None, sa_type=UTC_TS)


class EnrollmentCode(HQModel, table=True):
    """One-time pairing code; stored hashed, `used_at` set by the registration that spends it."""

    __tablename__ = "enrollment_code"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    code_hash: str = Field(unique=True, max_length=64)
    store_id: str = Field(foreign_key="store.id")
    terminal_id: str = Field(foreign_key="terminal.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    used_at: datetime | None = Field(default=None, sa_type=UTC_TS)
    device_id: str | None = None
    expires_at: datetime | None = Field(default=None, sa_type=UTC_TS)  # NULL = expired
    replaces: bool = False  # registering revokes the terminal's live device(s)
    # The registration that spent it, answered again for a retry (hq.registration): the
    # till's nonce digested (hq.tokens.nonce_digest) and the token sealed with that nonce,
    # cleared after the replay window.
    nonce_hash: str | None = Field(default=None, max_length=64)
    token_sealed: str | None = Field(default=None, max_length=128)


class Staff(HQModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    store_id: str = Field(foreign_key="store.id", index=True)
    code: str = Field(unique=True, max_length=16)  # 工号: unique like on the terminal
    name: str
    role: str  # cashier | guide | manager
    pin_hash: str  # scrypt$N$r$p$salt$digest, the terminal's verify_pin format
    active: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class Product(HQModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    sku: str = Field(unique=True, max_length=64)
    name_zh: str
    name_en: str = ""
    price: int  # fen, tax-inclusive
    member_price: int | None = None
    category: str = ""
    tax_rate_bp: int = 1300
    unit_tracked: bool = False
    active: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    cost: int | None = None  # fen, the cost price (gifts and margins in the ROI report)
    tags: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                     server_default="[]"))  # JSON list


class Barcode(HQModel, table=True):
    code: str = Field(primary_key=True, max_length=64)
    product_id: str = Field(foreign_key="product.id", index=True)


class ChangeLog(HQModel, table=True):
    """One monotonic cursor across all streams; `store_id` NULL = every store sees the row."""

    __tablename__ = "change_log"
    cursor: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    stream: str = Field(max_length=32)
    key: str = Field(max_length=64)
    op: str = Field(max_length=8)  # upsert | delete (tombstone)
    data: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    store_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)

    # AUTOINCREMENT on SQLite: pruning may delete the newest row, and a reused cursor number
    # would be skipped by every terminal already past it.
    __table_args__ = (
        Index("ix_change_log_stream_cursor", "stream", "cursor"),
        {"sqlite_autoincrement": True},
    )


class SyncMeta(HQModel, table=True):
    """Small named counters; `prune_horizon` = highest change-log cursor pruning removed."""

    __tablename__ = "sync_meta"
    name: str = Field(primary_key=True, max_length=64)
    value: int = Field(sa_column=Column(BigInteger, nullable=False, server_default="0"))


class Event(HQModel, table=True):
    """Every pushed event once: the UNIQUE (device_id, event_id) is what makes a retried push
    harmless; `payload_hash` tells a true retry from a different payload under the same id
    (kept when the raw payload is pruned or erased)."""

    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    event_id: str = Field(max_length=64)
    device_id: str = Field(foreign_key="device.id", index=True)
    type: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: str = ""  # as the terminal sent it
    payload: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    status: str = Field(max_length=16)  # accepted | conflict | rejected
    reason: str = ""
    payload_hash: str = Field(default="", max_length=64)  # SHA-256 of the first delivery

    # event ids are the device's own namespace: device B reusing A's id is another event
    __table_args__ = (UniqueConstraint("device_id", "event_id", name="uq_event_device_event"),)


class Sale(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)  # the terminal's sale id
    event_id: str = Field(max_length=64)
    store_id: str = Field(foreign_key="store.id", index=True)
    terminal_id: str = Field(foreign_key="terminal.id", index=True)
    device_id: str = Field(foreign_key="device.id")
    receipt_no: str = Field(max_length=40)
    shift_id: str = Field(max_length=64, index=True)
    cashier_id: str = Field(max_length=64)
    guide_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(index=True, sa_type=UTC_TS)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    status: str = "completed"
    subtotal: int
    discount_total: int
    total: int
    tax_total: int
    paid: int
    change: int
    line_count: int
    order_discount_reason: str = ""
    member_id: str | None = Field(default=None, max_length=64, index=True)  # after redirects
    points_earned: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                            server_default="0"))
    points_redeemed: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                              server_default="0"))

    __table_args__ = (UniqueConstraint("terminal_id", "receipt_no"),)


class SaleLine(HQModel, table=True):
    __tablename__ = "sale_line"
    id: str = Field(primary_key=True, max_length=64)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    line_no: int
    product_id: str = Field(max_length=64, index=True)  # may be a product HQ never issued
    sku: str
    name: str
    barcode: str = ""
    quantity: int
    unit_price: int
    line_discount: int = 0
    order_discount: int = 0
    net: int
    tax_rate_bp: int
    tax: int
    discount_reason: str = ""
    unit_code: str | None = None
    guide_id: str | None = None

    __table_args__ = (UniqueConstraint("sale_id", "line_no"),)


class Tender(HQModel, table=True):
    sale_id: str = Field(foreign_key="sale.id", primary_key=True, max_length=64)
    line_no: int = Field(primary_key=True)
    kind: str
    amount: int
    reference: str = ""


class StockMove(HQModel, table=True):
    __tablename__ = "stock_move"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    store_id: str = Field(foreign_key="store.id", index=True)
    product_id: str = Field(max_length=64, index=True)
    quantity: int  # negative when stock leaves the store
    reason: str  # sale | receive | adjust | return
    sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    sale_line_id: str | None = Field(default=None, foreign_key="sale_line.id")
    return_id: str | None = Field(default=None, max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class Shift(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    store_id: str = Field(foreign_key="store.id", index=True)
    terminal_id: str = Field(foreign_key="terminal.id", index=True)
    opened_by: str = Field(max_length=64)
    opened_at: datetime = Field(sa_type=UTC_TS)
    opening_float: int = 0
    # False only on a row HQ made itself from later events (hq.shifts.apply.own_shift):
    # its float is unknown and one real shift.opened may fill it in, once, before the close
    float_known: bool = Field(default=True, sa_column=Column(
        Boolean, nullable=False, server_default=true()))
    closed_at: datetime | None = Field(default=None, sa_type=UTC_TS)
    closed_by: str | None = None
    counted_cash: int | None = None


class Audit(HQModel, table=True):
    """The terminal's hash-chained audit rows, kept as sent (HQ can re-verify the chain)."""

    id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    terminal_id: str = Field(foreign_key="terminal.id", index=True)
    at: datetime = Field(sa_type=UTC_TS)
    staff_id: str | None = None
    action: str
    entity_id: str = ""
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    prev_hash: str = ""
    hash: str = ""


class SyncException(HQModel, table=True):
    """The manager's exception list: rejected and conflicting events, with why."""

    __tablename__ = "exception"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    kind: str = Field(max_length=16)  # rejected | conflict | unit_anomaly
    detail: str = Field(sa_column=Column(Text, nullable=False))
    event_id: str = Field(max_length=64, index=True)
    device_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


# The tables of models_*.py are handed on from here: `from hq import models as m` names them all.
__all__ = [
    "Campaign",
    "CampaignRule",
    "CashMove",
    "Coupon",
    "CouponAnswer",
    "CouponDefinition",
    "CouponRedemption",
    "CouponSigningKey",
    "GuideTarget",
    "LineAttribution",
    "Member",
    "MemberAccess",
    "MemberIdentifier",
    "MemberMergeHold",
    "OverrideApproval",
    "PointsLedger",
    "RefundTender",
    "ReturnLine",
    "SaleLineAdjustment",
    "SaleReturn",
    "Unit",
    "UnitEvent",
    "ZReport",
]

# Guide KPIs (issue 19, HQ migration 0017): one store's period straight off one index, with
# a hundred stores' sales in the same tables.
Index("ix_sale_store_created", Sale.__table__.c.store_id, Sale.__table__.c.created_at)
Index("ix_sale_return_store_created", SaleReturn.__table__.c.store_id,
      SaleReturn.__table__.c.created_at)
