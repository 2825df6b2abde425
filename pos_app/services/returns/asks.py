"""What a return's approvals name (issue 18: the action, the amounts before and after, a
reason), so the one prompt shows them and the audit row keeps them:

* refund to cash: the receipt; before = what the original tenders' refund would give back
  in cash, after = the cash refund (all of it) — the cash the manager lets leave the drawer;
* reviving the sale's coupons: the receipt; after = what the coupons took off the sale;
* a return without receipt: the refund kind (cash or store credit); after = the refund.

The service holds an approval given through the prompt to what it named
(`approvals.hold`): a cash refund approved for ¥35 does not refund ¥350 or another receipt.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, select

from local_db.models import SaleLineAdjustment
from pos_app.domain.permissions import Action
from pos_app.services.approvals import NeedsApproval, needs
from pos_app.services.returns.model import ReturnableSale, plan_refund
from pos_app.services.returns.no_receipt import no_receipt_ask

__all__ = ["cash_refund_ask", "coupon_value", "no_receipt_ask", "revive_ask"]


def cash_refund_ask(sale: ReturnableSale, picks: dict[str, int], note: str = ""
                    ) -> NeedsApproval:
    total, parts = plan_refund(sale, picks, to_cash=False)
    cash = sum(p.amount for p in parts if p.kind == "cash")
    return needs(Action.REFUND_TO_CASH, sale.receipt_no, cash, total, note)


def coupon_value(session: Session, sale_id: str, coupon_ids: Sequence[str]) -> int:
    """What the sale's coupons took off it (their pricing lines: a coupon's rule id is its
    own id), fen."""
    if not coupon_ids:
        return 0
    return int(session.exec(select(func.coalesce(func.sum(SaleLineAdjustment.amount), 0))
                            .where(SaleLineAdjustment.sale_id == sale_id,
                                   SaleLineAdjustment.rule_id.in_(list(coupon_ids)))).one())


def revive_ask(sale: ReturnableSale, value: int) -> NeedsApproval:
    return needs(Action.REVIVE_COUPON, sale.receipt_no, None, value)
