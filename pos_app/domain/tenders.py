"""How a sale is paid: tender kinds, validation and change (only cash gives change).

POINTS is a member paying with points (amount in fen; 100 points = ¥1): no reference, no
change; its cap and balance checks live in `pos_app.domain.loyalty`.

STORE_CREDIT is a refund kind only (a return without receipt may refund to a store-credit
voucher whose number is the tender's reference); it is not offered as a sale tender yet, so
it is left out of SALE_KINDS.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import N_, gettext


class TenderKind(StrEnum):
    CASH = "cash"
    CARD = "card"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    POINTS = "points"
    STORE_CREDIT = "store_credit"


LABELS = {
    TenderKind.CASH: N_("Cash"),
    TenderKind.CARD: N_("Card"),
    TenderKind.WECHAT: N_("WeChat Pay"),
    TenderKind.ALIPAY: N_("Alipay"),
    TenderKind.POINTS: N_("Points"),
    TenderKind.STORE_CREDIT: N_("Store credit"),
}

# What a sale may be paid with; STORE_CREDIT is only ever a refund (for now).
SALE_KINDS = (TenderKind.CASH, TenderKind.CARD, TenderKind.WECHAT, TenderKind.ALIPAY,
              TenderKind.POINTS)

NEEDS_REFERENCE = frozenset({TenderKind.WECHAT, TenderKind.ALIPAY})


def tender_label(kind: TenderKind | str) -> str:
    return gettext(LABELS[TenderKind(kind)])


@dataclass(frozen=True)
class Tender:
    kind: TenderKind
    amount: int  # fen
    reference: str = ""


@dataclass(frozen=True)
class Settlement:
    tenders: tuple[Tender, ...]
    paid: int
    change: int


def settle(total: int, tenders: list[Tender] | tuple[Tender, ...]) -> Settlement:
    """Check the tenders cover `total` and work out the change.

    Card and mobile payments are taken for an exact amount, so only cash may exceed what is
    still due; the change can never be more than the cash handed over.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    for tender in tenders:
        if tender.kind not in SALE_KINDS:
            raise PosError("tender_invalid")
        if isinstance(tender.amount, bool) or not isinstance(tender.amount, int):
            raise PosError("tender_invalid")
        if tender.amount <= 0:
            raise PosError("tender_invalid")
        if tender.kind in NEEDS_REFERENCE and not tender.reference.strip():
            raise PosError("reference_required", tender=tender_label(tender.kind))
    paid = sum(t.amount for t in tenders)
    if paid < total or (total > 0 and not tenders):
        raise PosError("tender_below_total", paid=format_money(paid), total=format_money(total))
    non_cash = sum(t.amount for t in tenders if t.kind != TenderKind.CASH)
    if non_cash > total:
        raise PosError("change_without_cash")
    return Settlement(tenders=tuple(tenders), paid=paid, change=paid - total)
