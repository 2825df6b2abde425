"""What a scanned code turned out to be: one small immutable record the services act on.

Kept free of parsing so that callers (cart, members, coupons, returns) can import the
types without pulling in barcode libraries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum


class CodeKind(StrEnum):
    """The service a scan is routed to; UNKNOWN carries a reason in `Classified.error`."""

    PRODUCT_BARCODE = "product_barcode"
    UNIT = "unit"
    MEMBER = "member"
    COUPON = "coupon"
    RECEIPT = "receipt"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Classified:
    """One scan, normalised: only the fields of its kind are set."""

    kind: CodeKind
    raw: str
    gtin: str | None = None
    serial: str | None = None
    lot: str | None = None
    expiry: date | None = None
    sku: str | None = None
    member_ref: str | None = None
    coupon: str | None = None
    sale_id: str | None = None
    receipt_no: str | None = None
    barcode: str | None = None
    error: str = ""

    @property
    def unit_key(self) -> str | None:
        """The unit registry's key: the same physical unit gives the same key from any form."""
        if self.serial is None:
            return None
        if self.gtin is not None:
            return f"{self.gtin}:{self.serial}"
        if self.sku is not None:
            return f"sku:{self.sku}:{self.serial}"
        return None

    def case_swapped(self) -> Classified | None:
        """The same unit code read with Caps Lock on: every letter's case swapped, which is
        what a keyboard-wedge scanner that does not compensate for Caps Lock types. None when
        swapping changes nothing (no letters) or this is no unit code."""
        if self.unit_key is None:
            return None
        serial = self.serial.swapcase() if self.serial else self.serial
        sku = self.sku.swapcase() if self.sku else self.sku
        if serial == self.serial and sku == self.sku:
            return None
        return replace(self, serial=serial, sku=sku)
