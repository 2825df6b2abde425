"""The till's smaller features: returns (`till.returns`), receiving units (`till.units`)
and receipts (`till.receipts`); each asks the session before it acts."""

from __future__ import annotations

from pos_app.domain.permissions import Action
from pos_app.domain.receipt import Receipt
from pos_app.domain.returns import ReturnSlip
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.returns import CompletedReturn, ReturnableSale
from pos_app.services.returns.no_receipt import NoReceiptItem, NoReceiptLine, no_receipt_ask
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession
from pos_app.services.unit_receiving import UnitToReceive
from pos_app.services.units import ReceiveReport


class ReturnsFeature:
    def __init__(self, services: TillServices, session: TillSession) -> None:
        self._s = services
        self._session = session

    def asks_hq(self) -> bool:
        """Whether find_sale/complete ask HQ first (a few seconds at most): run them off
        the GUI thread then."""
        return self._s.returns.asks_hq()

    def find_sale(self, code: str) -> ReturnableSale:
        return self._s.returns.find_sale(code)

    # --- what a manager is asked (the one prompt shows it; issue 18) -----------------------
    def cash_refund_ask(self, sale: ReturnableSale, picks: dict[str, int]) -> NeedsApproval:
        """Refund to cash: the receipt, the cash the original tenders' refund gives back
        before → the cash refund after."""
        return self._s.returns.cash_refund_ask(sale, picks)

    def revive_ask(self, sale: ReturnableSale) -> NeedsApproval:
        """Reviving the sale's coupons: the receipt, what they took off the sale after."""
        return self._s.returns.revive_ask(sale)

    def without_receipt_ask(self, lines: list[NoReceiptLine], refund_kind: str,
                            note: str = "") -> NeedsApproval:
        """A return without receipt: the refund kind, the refund after, the note."""
        return no_receipt_ask(lines, refund_kind, note)

    def complete(self, code: str, picks: dict[str, int], to_cash: bool = False,
                 approved_by: Approval | None = None, revive_coupon: bool = False,
                 revive_by: Approval | None = None) -> CompletedReturn:
        """A refund in cash instead of the original tenders is a manager's (approved_by);
        so is reviving the sale's coupon (revive_by; the coupon stays redeemed by default)."""
        return self._s.returns.complete_return(
            code, picks, self._session.acting(), self._session.shift, to_cash=to_cash,
            approved_by=approved_by, revive_coupon=revive_coupon, revive_by=revive_by)

    # --- without receipt (Action.RETURN_WITHOUT_RECEIPT, a manager's) ---------------------
    def look_up_item(self, code: str) -> NoReceiptItem:
        """A product barcode or unit code scanned into the return without receipt."""
        assert self._s.no_receipt is not None
        return self._s.no_receipt.look_up(code)

    def complete_without_receipt(self, lines: list[NoReceiptLine], refund_kind: str,
                                 reason_code: str, approved_by: Approval | None = None,
                                 note: str = "") -> CompletedReturn:
        """Refund in cash or store credit; a manager's, or approved by one (approved_by)."""
        assert self._s.no_receipt is not None
        return self._s.no_receipt.complete(lines, refund_kind, reason_code,
                                           self._session.acting(), self._session.shift,
                                           approved_by=approved_by, note=note)

    # --- the slip ------------------------------------------------------------------------
    def slip(self, return_id: str) -> ReturnSlip:
        assert self._s.return_slips is not None
        return self._s.return_slips.slip_for(return_id)

    def print_slip(self, return_id: str, reprint: bool = False) -> ReturnSlip:
        """Print the return's slip (PosError from the printer; the return is on disk); a
        `reprint` leaves the drawer shut."""
        assert self._s.return_slips is not None
        return self._s.return_slips.print(return_id, reprint)


class UnitsFeature:
    def __init__(self, services: TillServices, session: TillSession) -> None:
        self._s = services
        self._session = session

    def receive(self, codes: list[str]) -> ReceiveReport:
        """A delivery scanned at the till (managers): good codes go in stock, bad ones listed."""
        return self._s.units.receive(codes, self._session.require(Action.RECEIVE_UNITS))

    def check(self, code: str) -> UnitToReceive:
        """A code typed or scanned into the receive dialog: its product, or why not (managers)."""
        self._session.require(Action.RECEIVE_UNITS)
        return self._s.units.check_to_receive(code)


class ReceiptsFeature:
    def __init__(self, services: TillServices, session: TillSession) -> None:
        self._s = services
        self._session = session

    def receipt(self, sale_id: str) -> Receipt:
        return self._s.receipts.receipt_for(sale_id)

    def print(self, sale_id: str) -> Receipt:
        return self._s.receipts.print_sale(sale_id)

    def reprint_last(self) -> Receipt:
        return self._s.receipts.reprint_last(self._session.staff)

    def print_shift_slip(self, report: ShiftReport) -> None:
        """Print an X or Z slip (from `till.shifts`) in the store's receipt language."""
        self._session.staff_required()
        self._s.receipts.print_shift_slip(report)

    def print_cash_slip(self, slip: CashSlip) -> CashSlip:
        """Print a cash in / out / no-sale slip (from `till.shifts.cash_slip`)."""
        self._session.staff_required()
        return self._s.receipts.print_cash_slip(slip)

    def open_drawer(self) -> None:
        """Kick the drawer: only after `till.shifts.no_sale` recorded the opening."""
        self._session.staff_required()
        self._s.receipts.open_drawer()
