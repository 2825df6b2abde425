"""Returns' pure rules (PRODUCT §3, issue 18): what a return may refund and why.

`pos_app.domain.refunds` keeps the receipt-return rules (tender room, a line's cumulative
refund); this package adds the return without receipt (its reason codes and its bound)
and the return slip's content. The till and HQ import the same functions.
"""

from pos_app.domain.returns.no_receipt import (
    REASONS,
    NoReceiptBoundError,
    no_receipt_cap,
    reason_label,
)
from pos_app.domain.returns.slip import ReturnSlip, SlipLine, SlipMember, SlipRefund

__all__ = ["REASONS", "NoReceiptBoundError", "ReturnSlip", "SlipLine", "SlipMember", "SlipRefund",
           "no_receipt_cap", "reason_label"]
