"""Wire format between terminal and HQ (docs/sync.md). Shared by sync/ and hq/.

Money is integer fen, ids are terminal- or HQ-made UUID strings, times ISO-8601 UTC.
Every model forbids unknown fields so garbage is refused with a 422, not half-applied.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/v1"
MAX_BATCH = 500
MAX_PAGE = 2000
STREAMS = ("products", "prices", "staff", "members", "units", "settings")  # pulled in order
StreamName = Literal["products", "prices", "staff", "members", "units", "settings"]
MEMBER_DAYS = "member_days"  # settings key for the brand; "member_days@<store code>" wins


def member_days_key(store_code: str | None = None) -> str:
    """The `settings` key of the brand's calendar, or of one store's."""
    return f"{MEMBER_DAYS}@{store_code}" if store_code else MEMBER_DAYS


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- device registration -----------------------------------------------------------------
class RegisterRequest(Strict):
    enrollment_code: str = Field(min_length=6, max_length=64)
    device_name: str = Field(default="", max_length=120)
    # The pairing attempt's own random string (sync.pairing), the same on each retry: HQ
    # answers the same code + nonce again for a short while, so a lost answer does not burn
    # the code. Empty (a till from before) = never answered again.
    nonce: str = Field(default="", max_length=128, pattern=r"^([A-Za-z0-9_-]{22,})?$")


class HighWater(Strict):
    """What HQ holds of a terminal (hq.continuity): a till paired again, or restored from a
    backup, continues its numbers after these."""

    receipt_seq: int = Field(default=0, ge=0)  # highest receipt number HQ booked (000123 → 123)
    return_seq: int = Field(default=0, ge=0)
    outbox_seq: int = Field(default=0, ge=0)  # highest push-order number HQ received


class RegisterResponse(Strict):
    device_token: str  # shown once; HQ keeps only its hash
    high_water: HighWater = Field(default_factory=HighWater)
    device_id: str
    store_id: str
    store_code: str
    store_name: str
    store_address: str = ""
    terminal_id: str
    terminal_code: str
    # hex; the store's secret the staff stream's PIN hashes are keyed with (pos_app.domain.pins)
    staff_pepper: str = Field(default="", max_length=128)


class PepperResponse(Strict):
    staff_pepper: str = Field(max_length=128)


# --- push: terminal → HQ -------------------------------------------------------------------
EventType = Literal[
    "sale.completed", "shift.opened", "shift.closed", "audit", "return.completed",
    "units.received", "units.sold",  # units.sold: compatibility, see hq/payloads_units.py
    "member.enrolled", "member.tagged",
]


class EventIn(Strict):
    event_id: str = Field(min_length=8, max_length=64)  # outbox_event.id, HQ dedupes on it
    seq: int = Field(ge=1)  # the terminal's push order
    type: EventType
    entity_id: str = Field(min_length=1, max_length=64)
    created_at: str = Field(min_length=10, max_length=40)
    payload: dict[str, Any]


class PushRequest(Strict):
    events: list[EventIn] = Field(min_length=1, max_length=MAX_BATCH)


EventStatus = Literal["accepted", "duplicate", "conflict", "rejected"]


class EventResult(Strict):
    event_id: str
    status: EventStatus
    reason: str = ""


class PushResponse(Strict):
    results: list[EventResult]


# --- pull: HQ → terminal -------------------------------------------------------------------
class Change(Strict):
    key: str  # the row's id in the stream (product id, staff id)
    op: Literal["upsert", "delete"]  # delete = tombstone
    data: dict[str, Any] | None = None


class ChangesPage(Strict):
    stream: str
    changes: list[Change]
    next_cursor: int
    has_more: bool
    resync_required: bool = False


class ProductData(Strict):
    """`products` stream row."""

    id: str
    sku: str
    name_zh: str
    name_en: str = ""
    price: int = Field(ge=0)
    member_price: int | None = Field(default=None, ge=0)
    category: str = ""
    tax_rate_bp: int = Field(default=1300, ge=0, le=10000)
    unit_tracked: bool = False
    active: bool = True
    barcodes: list[str] = []


class PriceData(Strict):
    """`prices` stream row: a price change without re-sending the product."""

    product_id: str
    price: int = Field(ge=0)
    member_price: int | None = Field(default=None, ge=0)


class StaffData(Strict):
    """`staff` stream row; the PIN travels only as its salted scrypt hash."""

    id: str
    code: str
    name: str
    role: Literal["cashier", "guide", "manager"]
    pin_hash: str
    active: bool = True


class UnitData(Strict):
    """`units` stream row (per store, key = unit id): HQ's authoritative state of one unit.

    `unit_key` is the normalised code (`<gtin14>:<serial>` or `sku:<sku>:<serial>`);
    `sale_id`/`receipt_no`/`sold_at`/`guide_id` are set while the unit is sold.
    """

    id: str
    unit_key: str = Field(min_length=3, max_length=120)
    product_id: str
    gtin: str | None = None
    sku: str | None = None
    serial: str
    lot: str | None = None
    expiry: str | None = None
    state: Literal["in_stock", "sold", "returned", "gifted", "written_off"]
    sale_id: str | None = None
    receipt_no: str | None = None
    sold_at: str | None = None  # ISO-8601 UTC
    guide_id: str | None = None


class MemberIdentifierData(Strict):
    kind: Literal["phone", "card", "openid", "unionid", "eshop"]
    value: str = Field(min_length=1, max_length=128)


CouponKind = Literal["amount_off", "percent_off", "gift", "bogo"]


class CouponData(Strict):
    """An open coupon issued to a member, as carried in its `members` row. `value` is fen
    for amount_off, permille for percent_off, 0 for gift/bogo."""

    id: str
    code: str
    campaign: str = ""
    kind: CouponKind
    title: str
    value: int = 0
    min_spend: int = 0
    valid_from: str  # ISO-8601 UTC
    valid_until: str


class MemberData(Strict):
    """`members` stream row (per store region, key = member id): HQ's member, its
    identifiers, its authoritative points balance (never negative), the points it owes
    (`points_debt`: flagged overdrafts) and its open coupons.

    A member HQ merged into another arrives as a tombstone (`op: delete`) whose data is
    `MemberRedirect`; `merged_into` is set here only in search answers of merged ids (never)."""

    id: str
    name: str
    phone: str | None = None
    card_no: str | None = None
    birthday: str | None = None
    gender: str = ""
    tier: Literal["regular", "silver", "gold", "diamond"] = "regular"
    tags: list[str] = []
    home_store_id: str | None = None
    owner_guide_id: str | None = None
    enrolled_by: str | None = None
    consent: bool = False
    marketing_consent: bool = False  # messages and offers: its own opt-in (PIPL)
    points_balance: int = Field(default=0, ge=0)
    points_debt: int = Field(default=0, ge=0)
    identifiers: list[MemberIdentifierData] = []
    coupons: list[CouponData] = []
    merged_into: str | None = None
    created_at: str
    updated_at: str


class MemberRedirect(Strict):
    """Data of a `members` tombstone: the member `key` was merged into `merged_into`."""

    merged_into: str = Field(min_length=1, max_length=64)


class MemberDaysData(Strict):
    """`settings` stream row `member_days` (brand-wide) or `member_days@<store code>` (one
    store, wins over the brand's): the days members earn points × `multiplier_permille`."""

    days_of_month: list[Annotated[int, Field(ge=1, le=31)]] = Field(default=[], max_length=31)
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(default=[], max_length=7)
    multiplier_permille: int = Field(default=2000, ge=1000, le=10_000)


class MemberSearchRequest(Strict):
    q: str = Field(min_length=1, max_length=64)


class MemberSearchResponse(Strict):
    members: list[MemberData]


class MemberPurchase(Strict):
    """One sale of a member at any store, for the profile's HQ history."""

    sale_id: str
    receipt_no: str
    store_name: str
    created_at: str  # ISO-8601 UTC
    total: int  # fen


class MemberPurchasesResponse(Strict):
    purchases: list[MemberPurchase]


class ErrorBody(Strict):
    detail: Any
