"""A scanned code at the sale field → what happened (outcomes.py), classified once.

Moved here from CheckoutService: routing a code is the sale's business, committing it is
checkout's. Anything that cannot be sold comes back as `Refused` and leaves the cart as it
was; a unit unknown to this store (received but not yet synced) is the one refusal a
manager may override (PRODUCT §2), so it comes back as `NeedsApproval`.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine

from pos_app.domain.barcodes import is_readable_code, looks_like_gtin, normalise_scan
from pos_app.domain.cart import Cart, CartLine
from pos_app.domain.codes import Classified, CodeKind, classify
from pos_app.domain.permissions import OVERRIDES
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, ApprovalService, NeedsApproval, held_to
from pos_app.services.auth import AuthService
from pos_app.services.catalog import CatalogService
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.coupons import GiftRedemption
from pos_app.services.till.outcomes import (
    AddedLine,
    AppliesCoupon,
    AttachesMember,
    OpensGift,
    OpensReturn,
    Refused,
    ScanOutcome,
    line_of,
)
from pos_app.services.units import UnitService


class SaleScanner:
    def __init__(self, catalog: CatalogService, units: UnitService,
                 approvals: ApprovalService) -> None:
        self._catalog = catalog
        self._units = units
        self._approvals = approvals

    @classmethod
    def over(cls, engine: Engine, terminal: TerminalInfo,
             catalog: CatalogService | None = None) -> SaleScanner:
        """A scanner over one store file, for benches and scripts without a till."""
        catalog = catalog or CatalogService(engine)
        units = UnitService(engine, terminal)
        return cls(catalog, units, ApprovalService(engine, AuthService(engine)))

    def scan(self, cart: Cart, raw_code: str, quantity: int = 1,
             staff: StaffInfo | None = None, approval: Approval | None = None) -> ScanOutcome:
        """`approval`: a manager's, for the unit this scan asked one for."""
        try:
            return self._route(cart, raw_code, quantity, staff, approval)
        except PosError as exc:
            return Refused(exc)

    def ring(self, cart: Cart, raw_code: str, quantity: int = 1) -> CartLine:
        """The line a product or unit code adds, else the refusal raised (headless use:
        benches, tests and scripts that only ring up products)."""
        return line_of(self.scan(cart, raw_code, quantity))

    def _route(self, cart: Cart, raw_code: str, quantity: int, staff: StaffInfo | None,
               approval: Approval | None) -> ScanOutcome:
        code = classify(raw_code, "sale")
        if code.kind == CodeKind.UNIT:
            return self._unit(cart, code, raw_code, quantity, staff, approval)
        if code.kind == CodeKind.PRODUCT_BARCODE:
            product = self._catalog.find_by_barcode(code.barcode or raw_code)
            if product.unit_tracked:
                raise PosError("unit_code_required", name=product.name)
            return AddedLine(cart.add(product, quantity))
        shown = code.raw[:40]
        if code.kind == CodeKind.RECEIPT:
            return OpensReturn(raw_code, sale_id=code.sale_id, receipt_no=code.receipt_no)
        if code.kind == CodeKind.MEMBER:
            return AttachesMember(raw_code)
        if code.kind == CodeKind.COUPON:
            if GiftRedemption.looks_like_gift(raw_code):
                return OpensGift(raw_code.strip())
            return AppliesCoupon(raw_code.strip())  # the sale feature verifies it
        text_ = normalise_scan(raw_code)
        if looks_like_gtin(text_):
            raise PosError("bad_check_digit", code=text_)
        if not is_readable_code(text_) or not code.error:
            raise PosError("malformed_scan", code=text_[:40])
        raise PosError("code_unreadable", code=shown, reason=code.error)

    def _unit(self, cart: Cart, code: Classified, raw_code: str, quantity: int,
              staff: StaffInfo | None, approval: Approval | None) -> ScanOutcome:
        if quantity != 1:
            raise PosError("invalid_quantity", quantity=quantity)
        code = self._units.as_registered(code)
        key = str(code.unit_key)
        product = self._catalog.find_for_unit(code)
        if any(line.unit_code == key for line in cart.lines):
            raise PosError("unit_in_cart", code=key)
        refusal = self._units.sale_refusal(key)
        approved: str | None = None
        if refusal is not None:
            action = OVERRIDES.get(refusal.code)
            if action is None:
                raise refusal
            # the approval names the unit and the price it sells at (issue 18)
            asked = NeedsApproval(action, refusal, key, (raw_code, 1), after=product.unit_price)
            if staff is None and approval is None:  # headless: needs one, as for every role
                return asked
            decision = self._approvals.decide(staff, action, approval, key,
                                              asked=held_to(asked, approval))
            if isinstance(decision, NeedsApproval):
                return replace(decision, reason=refusal, retry=(raw_code, 1))
            approved = decision.id
        return AddedLine(cart.add(product, 1, unit_code=key, unit_override_by=approved))
