"""The small interfaces services need from devices, so services never import a driver."""

from __future__ import annotations

from typing import Protocol

from pos_app.domain.gift_slip import GiftSlip
from pos_app.domain.receipt import Receipt
from pos_app.domain.returns import ReturnSlip
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip


class ReceiptPrinterPort(Protocol):
    def print_receipt(self, receipt: Receipt) -> None:
        """Print or raise PosError naming the problem (offline, paper out, cover open)."""

    def open_drawer(self) -> None:
        """Kick the cash drawer wired to the printer."""

    def print_gift_slip(self, slip: GiftSlip) -> None:
        """Print a gift redemption's slip (issue 17), or raise PosError as for a receipt."""

    def print_return_slip(self, slip: ReturnSlip) -> None:
        """Print a return's slip (issue 18), or raise PosError as for a receipt."""

    def print_shift_slip(self, report: ShiftReport, language: str) -> None:
        """Print an X or Z slip in `language` (issue 18), or raise PosError as for a receipt."""

    def print_cash_slip(self, slip: CashSlip) -> None:
        """Print a cash in / out / no-sale slip, or raise PosError as for a receipt."""
