"""Rows of the per-store `units` stream."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sync.contract.fields import Strict


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
