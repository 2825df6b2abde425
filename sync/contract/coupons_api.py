"""Coupons over HTTP (issue 17): a till redeems online, releases a hold, reads its store's
reconciliation; a mini-program (partner/admin token) claims a coupon for a member.

    POST /v1/coupons/redeem            device token  CouponRedeemRequest → CouponRedeemResponse
    POST /v1/coupons/release           device token  CouponReleaseRequest → CouponRedeemResponse
    GET  /v1/coupons/reconciliation    device token  its own store → CouponReconciliation
    POST /v1/admin/coupons/claim       admin token   CouponClaimRequest → CouponClaimResponse
    GET  /v1/admin/coupons/reconciliation  admin token  ?campaign= ?store= ?format=csv

A redemption's answer is always 200 with an `outcome` (the till reads a refusal as a fact,
not as an HTTP failure); `reason` is a stable code the till translates, `message` HQ's English
text for logs. The same `idempotency_key` always gets the first answer again, so a till that
lost the response asks again safely. Money is integer fen.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from sync.contract.fields import Fen, Id, Instant, Strict, Text, UnitKey, no_nul

CodeKind = Literal["signed", "short"]  # an SFC1 code scanned, or the 10-character short code
RedeemOutcome = Literal["redeemed", "already_redeemed", "refused", "released"]
# reason codes (stable; the till translates them): "" when redeemed, else one of
REDEEM_REASONS = ("already_redeemed", "coupon_unknown", "coupon_expired", "coupon_not_yet",
                  "coupon_wrong_store", "coupon_wrong_member", "coupon_void",
                  "coupon_bad_code", "coupon_wrong_gift", "gift_unit_unavailable",
                  "idempotency_reused",
                  "redemption_unknown", "redemption_completed")
Code = str  # an SFC1 code (≤ 400 characters) or a short code; read case-insensitively


class CouponTerms(Strict):
    """What the coupon is, so a till that only had the short code can price it."""

    coupon_id: Id
    campaign_id: str = ""
    kind: Literal["amount_off", "percent_off", "gift", "bogo"]
    title: Text
    value: int = 0  # fen for amount_off, permille for percent_off, 0 for gift/bogo
    min_spend: Fen = 0
    gift_product_id: Id | None = None  # kind gift: the product whose unit is handed out
    gift_sku: str | None = None
    product_ids: list[Id] = Field(default_factory=list, max_length=1000)  # bogo's set
    member_id: Id
    valid_from: Instant
    valid_until: Instant
    stores: list[Id] = Field(default_factory=list)  # empty: every store
    offline: Literal["deny", "allow", "allow_under"] = "deny"
    offline_under: Fen = 0  # allow_under: the most a coupon may be worth offline (fen)


class FirstRedemption(Strict):
    """Where and when the coupon was redeemed first: 'already redeemed at <store>,
    <receipt>, <time>'."""

    store_id: Id
    store_code: str = ""
    store_name: Text = ""
    receipt_no: Text = ""  # a sale's receipt, or "" for a gift redemption (its id below)
    sale_id: Id | None = None
    gift_redemption_id: Id | None = None
    guide_id: Id | None = None
    redeemed_at: Instant


class CouponRedeemRequest(Strict):
    idempotency_key: Id  # the till's redemption id; the same key answers the first again
    code: Annotated[str, Field(min_length=4, max_length=400), AfterValidator(no_nul)]
    sale_id: Id | None = None  # exactly one of sale_id / gift_redemption_id
    gift_redemption_id: Id | None = None
    receipt_no: Text = ""
    member_id: Id | None = None  # the member attached at the till, if any
    guide_id: Id | None = None
    unit_code: UnitKey | None = None  # gift: the unit handed out (its unit key)
    redeemed_at: Instant

    @model_validator(mode="after")
    def _one_target(self) -> CouponRedeemRequest:
        if (self.sale_id is None) == (self.gift_redemption_id is None):
            raise ValueError("exactly one of sale_id and gift_redemption_id")
        return self


class CouponRedeemResponse(Strict):
    outcome: RedeemOutcome
    reason: str = ""  # one of REDEEM_REASONS, "" when redeemed/released
    message: Text = ""  # HQ's English text (logs); the till shows its own translation
    coupon_id: Id | None = None
    code_kind: CodeKind | None = None
    coupon: CouponTerms | None = None  # the terms, whenever HQ knows the coupon
    first: FirstRedemption | None = None  # outcome already_redeemed (and redeemed: this one)


class CouponReleaseRequest(Strict):
    """A sale voided before payment gives its coupon back: only the device that redeemed
    it, only while HQ has no completed sale or gift event for it."""

    idempotency_key: Id  # the key the redemption was made with


class CouponClaimRequest(Strict):
    idempotency_key: Id
    definition_id: Id  # the coupon definition (in a campaign) to claim
    member: Text  # the member's id, unionid or phone
    channel: Text = "mini_program"


class CouponClaimResponse(Strict):
    outcome: Literal["claimed", "refused"]
    reason: str = ""  # claim_limit | out_of_stock | member_unknown | definition_unknown |
    #                   definition_ended | idempotency_reused
    coupon_id: Id | None = None
    short_code: str | None = None
    signed_code: str | None = None
    member_id: Id | None = None
    valid_until: Instant | None = None


class GiftUnit(Strict):
    unit_code: str
    coupon_id: Id
    redemption_id: Id
    store_id: Id


class ReconRow(Strict):
    """One campaign × guide (guide None: coupons not tied to a guide: issued, claimed)."""

    campaign_id: str
    campaign_name: Text = ""
    guide_id: Id | None = None
    issued: int = Field(ge=0)
    claimed: int = Field(ge=0)
    redeemed_online: int = Field(ge=0)
    redeemed_offline: int = Field(ge=0)
    conflicts: int = Field(ge=0)
    gift_coupons_redeemed: int = Field(ge=0)
    gifts_handed_out: int = Field(ge=0)
    units_gifted: int = Field(ge=0)
    unit_codes: list[str] = Field(default_factory=list)
    balanced: bool


class ReconMismatch(Strict):
    kind: str  # gift_without_unit | unit_not_gifted | unit_gifted_without_coupon |
    #            unit_gifted_twice | conflict | unconfirmed
    campaign_id: str = ""
    guide_id: Id | None = None
    coupon_id: Id | None = None
    unit_code: str | None = None
    detail: Text = ""


class CouponReconciliation(Strict):
    store_id: Id | None = None  # narrowed to this store
    rows: list[ReconRow] = Field(default_factory=list, max_length=10_000)
    mismatches: list[ReconMismatch] = Field(default_factory=list, max_length=10_000)
    balanced: bool = True
