"""Rows of the `products`, `prices` and `staff` streams (HQ wins for all three)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sync.contract.fields import Strict


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
    barcodes: list[str] = Field(default_factory=list)
    # Issue 16: the cost price (fen, None = unknown) costs gifts and margins in the ROI
    # report; tags put products in promotion sets ({"tags": [...]}). Rows from an HQ before
    # them simply lack both.
    cost: int | None = Field(default=None, ge=0)
    tags: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=50)


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
