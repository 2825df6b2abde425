"""What a receipt says, independent of how it is printed or shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price: int  # fen
    discount: int  # fen, line + allocated order discount
    amount: int  # fen, net after discounts
    unit_code: str | None = None
    guide_name: str | None = None


@dataclass(frozen=True)
class ReceiptTender:
    label: str  # already translated, e.g. "现金" / "Cash"
    amount: int  # fen
    reference: str | None = None


@dataclass(frozen=True)
class Receipt:
    store_name: str
    receipt_no: str  # <store>-<terminal>-<seq>
    sale_id: str  # UUID, carried in the QR as SFR:<uuid>
    created_at: datetime  # local time, for display
    cashier_name: str
    lines: tuple[ReceiptLine, ...]
    subtotal: int
    discount_total: int
    total: int
    tax_total: int
    tenders: tuple[ReceiptTender, ...]
    change: int
    store_address: str = ""
    footer: str = ""
    reprint: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def qr_payload(self) -> str:
        return f"SFR:{self.sale_id}"

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)
