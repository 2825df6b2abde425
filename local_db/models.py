"""SQLModel tables of the terminal. Unique constraints carry business rules.

Money columns are integer fen; times are aware UTC; ids are terminal-made UUID strings.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class Store(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str
    address: str = ""


class Terminal(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    store_id: str = Field(foreign_key="store.id", index=True)
    code: str = Field(max_length=16)
    name: str = ""
    is_self: bool = False  # the row describing this machine

    __table_args__ = (UniqueConstraint("store_id", "code"),)


class Staff(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    store_id: str = Field(foreign_key="store.id", index=True)
    code: str = Field(unique=True, max_length=16)  # 工号, typed at sign-in
    name: str
    role: str  # cashier | guide | manager
    pin_hash: str
    failed_attempts: int = 0
    locked_until: datetime | None = None
    active: bool = True


class Product(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    sku: str = Field(unique=True, max_length=64)
    name_zh: str
    name_en: str = ""
    price: int  # fen, tax-inclusive
    member_price: int | None = None
    category: str = ""
    tax_rate_bp: int = 1300  # basis points: 1300 = 13 %
    unit_tracked: bool = False
    active: bool = True
    stock_qty: int = 0  # on hand, kept in step with stock_move rows
    updated_at: datetime = Field(default_factory=utcnow)
    cost: int | None = None  # fen, HQ's cost price (gifts and margins); None = unknown
    tags: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                     server_default="[]"))  # JSON list


class Barcode(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=64)
    product_id: str = Field(foreign_key="product.id", index=True)


class Shift(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    terminal_id: str = Field(foreign_key="terminal.id", index=True)
    opened_by: str = Field(foreign_key="staff.id")
    opened_at: datetime = Field(default_factory=utcnow)
    opening_float: int = 0
    closed_at: datetime | None = None
    closed_by: str | None = Field(default=None, foreign_key="staff.id")
    counted_cash: int | None = None


class Sale(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    receipt_no: str = Field(unique=True, max_length=40)
    terminal_id: str = Field(foreign_key="terminal.id")
    shift_id: str = Field(foreign_key="shift.id", index=True)
    cashier_id: str = Field(foreign_key="staff.id")
    guide_id: str | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    status: str = "completed"
    subtotal: int
    discount_total: int
    total: int
    tax_total: int
    paid: int
    change: int
    line_count: int  # lets integrity checks prove a sale is whole
    order_discount_reason: str = ""
    member_id: str | None = Field(default=None, foreign_key="member.id", index=True)


class SaleLine(SQLModel, table=True):
    __tablename__ = "sale_line"
    id: str = Field(default_factory=new_id, primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    line_no: int
    product_id: str = Field(foreign_key="product.id")
    sku: str
    name: str  # snapshot at sale time
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
    guide_id: str | None = Field(default=None, foreign_key="staff.id")

    __table_args__ = (UniqueConstraint("sale_id", "line_no"),)


class SaleLineAdjustment(SQLModel, table=True):
    """What made a sale line's discounts, rule by rule (pos_app.domain.pricing): the member
    price, the cashier's line discount, its share of the order discount. Per line, the
    `line` amounts add up to sale_line.line_discount and the `order` ones to order_discount.
    Sales from before this table have none (their discounts were all the cashier's)."""

    __tablename__ = "sale_line_adjustment"
    sale_line_id: str = Field(foreign_key="sale_line.id", primary_key=True)
    seq: int = Field(primary_key=True)  # the order the rules ran in, from 1
    sale_id: str = Field(foreign_key="sale.id", index=True)
    kind: str  # member_price | manual_line | manual_order | …
    rule_id: str
    name: str  # the rule's English name (a msgid), translated where shown
    reason: str = ""
    amount: int  # fen off the line, > 0
    scope: str = "line"  # line | order


class Tender(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    line_no: int
    kind: str
    amount: int
    reference: str = ""


class StockMove(SQLModel, table=True):
    __tablename__ = "stock_move"
    id: str = Field(default_factory=new_id, primary_key=True)
    product_id: str = Field(foreign_key="product.id", index=True)
    quantity: int  # negative when stock leaves the store
    reason: str  # sale | receive | adjust | return
    return_id: str | None = Field(default=None, index=True)  # sale_return.id (no FK: batch-free)
    sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    sale_line_id: str | None = Field(default=None, foreign_key="sale_line.id")
    created_at: datetime = Field(default_factory=utcnow)


class Unit(SQLModel, table=True):
    """One physical item with its own code (一物一码); `unit_key` is the normalised code.

    Selling flips `state` from in_stock to sold with a conditional UPDATE inside the sale
    transaction, so two tills can never both sell the same unit.
    """

    id: str = Field(default_factory=new_id, primary_key=True)
    unit_key: str = Field(unique=True, max_length=120)  # "<gtin14>:<serial>" | "sku:<sku>:<serial>"
    product_id: str = Field(foreign_key="product.id", index=True)
    gtin: str | None = Field(default=None, max_length=14)
    sku: str | None = Field(default=None, max_length=64)
    serial: str = Field(max_length=64)
    lot: str | None = None
    expiry: str | None = None  # ISO date
    state: str = "in_stock"  # in_stock | sold | returned | gifted | written_off
    store_id: str = Field(foreign_key="store.id", index=True)
    sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    sale_line_id: str | None = Field(default=None, foreign_key="sale_line.id")
    sold_at: datetime | None = None
    guide_id: str | None = Field(default=None, foreign_key="staff.id")
    updated_at: datetime = Field(default_factory=utcnow)
    # Kept beside sale_id: a sale made at another till is not in this database, yet a
    # refusal must still name its receipt (the units stream from HQ carries it).
    receipt_no: str | None = Field(default=None, max_length=40)


class UnitEvent(SQLModel, table=True):
    """History of a unit's states: who moved it, when, on which sale or return, and why."""

    __tablename__ = "unit_event"
    id: str = Field(default_factory=new_id, primary_key=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    from_state: str | None = None  # None: the unit entered the registry
    to_state: str
    at: datetime = Field(default_factory=utcnow)
    staff_id: str | None = Field(default=None, foreign_key="staff.id")
    sale_id: str | None = Field(default=None, foreign_key="sale.id")
    return_id: str | None = Field(default=None, foreign_key="sale_return.id")
    reason: str = ""


class SaleReturn(SQLModel, table=True):
    """A return against a sale; refunds go back to the sale's tenders unless approved.

    `kind`: "receipt" (a sale of this till), "other_till" (a sale HQ looked up: not in this
    database, hence no foreign key on sale_id) or "no_receipt" (a manager's return without
    receipt: no sale, a reason code, refund in cash or store credit)."""

    __tablename__ = "sale_return"
    id: str = Field(default_factory=new_id, primary_key=True)
    return_no: str = Field(unique=True, max_length=40)
    sale_id: str | None = Field(default=None, index=True)
    kind: str = Field(default="receipt", max_length=16)
    receipt_no: str = Field(default="", max_length=40)  # the original receipt's number
    reason_code: str = Field(default="", max_length=32)  # without receipt: the fixed list
    terminal_id: str = Field(foreign_key="terminal.id")
    shift_id: str = Field(foreign_key="shift.id", index=True)
    staff_id: str = Field(foreign_key="staff.id")
    approved_by: str | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    refund_total: int
    to_cash: bool = False
    reason: str = ""


class ReturnLine(SQLModel, table=True):
    __tablename__ = "return_line"
    id: str = Field(default_factory=new_id, primary_key=True)
    return_id: str = Field(foreign_key="sale_return.id", index=True)
    # the sold line (KPIs credit its guide); no foreign key: another till's line is not
    # here; None for a return without receipt
    sale_line_id: str | None = Field(default=None, index=True)
    product_id: str = Field(foreign_key="product.id")
    quantity: int
    amount: int  # fen refunded for this line
    unit_code: str | None = None


class RefundTender(SQLModel, table=True):
    __tablename__ = "refund_tender"
    id: str = Field(default_factory=new_id, primary_key=True)
    return_id: str = Field(foreign_key="sale_return.id", index=True)
    line_no: int
    kind: str
    amount: int
    reference: str = ""


class OutboxEvent(SQLModel, table=True):
    __tablename__ = "outbox_event"
    id: str = Field(default_factory=new_id, primary_key=True)  # event UUID, HQ dedupes on it
    seq: int | None = Field(default=None, unique=True)  # push order
    type: str
    entity_id: str = Field(index=True)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    last_error: str = ""
    sent_at: datetime | None = None
    status: str = "pending"  # pending | accepted | duplicate | conflict | rejected

    __table_args__ = (Index("ix_outbox_pending", "status", "seq"),)


class AuditLog(SQLModel, table=True):
    """Append-only and chained: each row's hash covers the previous row's hash and is keyed
    with the terminal's secret (pos_app.services.audit; docs/audit.md). Written only by
    `audit.append`, at the driver, so the sealed bytes are the stored ones."""

    __tablename__ = "audit_log"
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(default_factory=new_id, unique=True)
    at: datetime = Field(default_factory=utcnow)
    staff_id: str | None = None
    action: str
    entity_id: str = ""
    detail: str = ""
    prev_hash: str
    hash: str
    # the sealing key's public name ('' = a legacy, unkeyed row written before issue 18)
    key_id: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))


class Sequence(SQLModel, table=True):
    """Gap-free counters (receipt numbers per terminal), bumped inside the sale transaction."""

    name: str = Field(primary_key=True, max_length=64)
    value: int = 0


class SyncState(SQLModel, table=True):
    """Per pull stream, the HQ cursor already applied; saved in the page's own transaction."""

    __tablename__ = "sync_state"
    stream: str = Field(primary_key=True, max_length=32)
    cursor: int = 0
    # HQ asked for a resync and the full re-pull has not finished: restart it from 0, then
    # deactivate what it did not bring (rows whose tombstones HQ has pruned).
    resync_pending: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class HqSetting(SQLModel, table=True):
    """A brand or store setting HQ decides (the `settings` stream), e.g. `member_days` and
    its per-store override `member_days@<store code>`; value is the stream row's JSON."""

    __tablename__ = "hq_setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class HqLink(SQLModel, table=True):
    """The single row (id = 1) that pairs this terminal with HQ; absent = not paired."""

    __tablename__ = "hq_link"
    id: int = Field(default=1, primary_key=True)
    hq_url: str
    device_id: str
    # The device token HQ showed once lives in local_db.secrets (OS keystore or a 0600 file);
    # this column only says where ("keyring:"/"file:"; a pre-0010 plain token is moved out on
    # first read). sync.link.hq_link hands callers the link with the real token filled in.
    token: str
    paired_at: datetime = Field(default_factory=utcnow)
    ca_file: str = ""  # PEM of the CA that signed HQ's certificate ("" = the system's CAs)
    key_pin: str = ""  # SHA-256 (hex) of HQ's public key, or "" for no pin


# Members live in their own module; importing it here registers their tables.
from local_db.models_badges import StaffBadge  # noqa: E402,F401  (issue 18 overrides)
from local_db.models_coupon_definitions import (  # noqa: E402  (coupon_definitions stream)
    CouponDefinition,
)
from local_db.models_coupon_keys import CouponKey  # noqa: E402  (the coupon_keys stream)
from local_db.models_coupons import CouponRedemption  # noqa: E402  (coupons redeemed here)
from local_db.models_kpis import GuideTarget, LineAttribution  # noqa: E402  (issue 19)
from local_db.models_members import (  # noqa: E402
    Member,
    MemberCoupon,
    MemberIdentifier,
    PointsEntry,
)
from local_db.models_parked import ParkedCart  # noqa: E402  (parked and open carts)
from local_db.models_promotions import PromotionCampaign  # noqa: E402  (the promotions stream)
from local_db.models_shifts import CashMove, ZReport  # noqa: E402  (issue 18)

__all__ = [
    "CashMove",
    "CouponDefinition",
    "CouponKey",
    "CouponRedemption",
    "GuideTarget",
    "LineAttribution",
    "Member",
    "MemberCoupon",
    "MemberIdentifier",
    "ParkedCart",
    "PointsEntry",
    "PromotionCampaign",
    "ZReport",
]
