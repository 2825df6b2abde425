"""Rows of the `coupon_definitions` stream: what each coupon of a campaign is, for tills
(issue 17). A till verifies a signed code offline, but the code carries only hash refs of
the campaign and the gift (pos_app.domain.coupons); this row tells the till, offline, the
coupon's terms and the campaign's **offline policy** for it (`deny`, `allow`, `allow_under`
a worth in fen), matched by `campaign_ref` + `kind` (+ `gift_ref` for a gift).

Per store: a definition for every store is published once with no store, one for some
stores once per store (sync.contract.streams, per_store), so a till gets its own only.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sync.contract.fields import Fen, Id, Strict, Text


class CouponDefinitionData(Strict):
    """`coupon_definitions` stream row (key = definition id)."""

    id: Id
    campaign_id: Id
    campaign_ref: str = Field(pattern=r"^[0-9a-f]{8}$")  # as in the signed code
    kind: Literal["amount_off", "percent_off", "gift", "bogo"]
    title: Text
    value: int = Field(default=0, ge=0)  # fen (amount_off), permille (percent_off)
    min_spend: Fen = 0
    gift_product_id: Id | None = None
    gift_sku: str | None = None
    gift_ref: str | None = Field(default=None, pattern=r"^[0-9a-f]{12}$")
    product_ids: list[Id] = Field(default_factory=list, max_length=1000)
    stores: list[Id] = Field(default_factory=list)  # empty: every store
    valid_from: str  # UTC ISO 8601
    valid_until: str
    offline: Literal["deny", "allow", "allow_under"] = "deny"
    offline_under: Fen = 0
