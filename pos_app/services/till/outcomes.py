"""What a scan at the sale field did, as a value the sale screen switches on.

The code is classified once (`domain.codes.classify`) and the answer says where it goes:
a line added, a receipt that opens a return, a member card that joins the sale, a unit that
sells once a manager approves, or a refusal with its reason. Nothing routes by exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.cart import CartLine
from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval


@dataclass(frozen=True)
class AddedLine:
    line: CartLine


@dataclass(frozen=True)
class OpensReturn:
    """A receipt's code: the returns dialog opens on it."""

    code: str
    sale_id: str | None = None
    receipt_no: str | None = None


@dataclass(frozen=True)
class AttachesMember:
    """A member's code: the customer joins this sale (looked up by the members feature)."""

    code: str


@dataclass(frozen=True)
class OpensGift:
    """A gift coupon's code: the guide's gift-redemption screen opens on it (issue 17)."""

    code: str


@dataclass(frozen=True)
class AppliesCoupon:
    """A discount coupon's code: applied to this sale (issue 17). `coupon_id` is set once
    the sale feature verified and applied it; the screen shows it with a way to remove it."""

    code: str
    coupon_id: str | None = None


@dataclass(frozen=True)
class Refused:
    reason: PosError


ScanOutcome = (AddedLine | OpensReturn | AttachesMember | OpensGift | AppliesCoupon
               | NeedsApproval | Refused)


def line_of(outcome: ScanOutcome) -> CartLine:
    """The added line, or the outcome as the error the old scan raised (headless callers:
    tests, benches, scripts that only ever expect a product)."""
    if isinstance(outcome, AddedLine):
        return outcome.line
    if isinstance(outcome, Refused | NeedsApproval):
        raise outcome.reason
    if isinstance(outcome, OpensReturn):
        raise PosError("code_is_receipt", code=outcome.receipt_no or outcome.code[:40],
                       sale_id=outcome.sale_id, receipt_no=outcome.receipt_no)
    if isinstance(outcome, OpensGift | AppliesCoupon):
        raise PosError("code_is_coupon", code=outcome.code[:24])
    raise PosError("code_is_member", code=outcome.code[:40])


__all__ = ["AddedLine", "AppliesCoupon", "AttachesMember", "NeedsApproval", "OpensGift",
           "OpensReturn", "Refused", "ScanOutcome", "line_of"]
