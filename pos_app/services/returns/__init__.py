"""Returns (PRODUCT §3, issue 18): against a receipt of this till or, online, of another
till of the store; without receipt as a manager's flow; the return slip. One transaction
per return with its outbox event. See docs/returns.md."""

from pos_app.services.returns.model import (
    CompletedReturn,
    RefundPart,
    ReturnableLine,
    ReturnableSale,
    full_receipt_no,
    plan_refund,
)
from pos_app.services.returns.service import ReturnService

__all__ = ["CompletedReturn", "RefundPart", "ReturnService", "ReturnableLine",
           "ReturnableSale", "full_receipt_no", "plan_refund"]
