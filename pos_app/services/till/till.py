"""The till a cashier works at: a session (who is signed in, the shift, one guard) and the
features the screens call, Anki style — `till.sale`, `till.members`, `till.returns`,
`till.units`, `till.receipts`, `till.held`.

The UI holds one Till, so a screen never juggles services, and the same flows are driven
headless in tests.
"""

from __future__ import annotations

from pos_app.domain.cart import Cart
from pos_app.domain.permissions import Action, guides_by_default
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.clienteling import ClientelingService
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.kpis import KpiService
from pos_app.services.parked import HoldAndVoid
from pos_app.services.till.coupons import CouponsFeature
from pos_app.services.till.desk import ReceiptsFeature, ReturnsFeature, UnitsFeature
from pos_app.services.till.discounts import DiscountsFeature
from pos_app.services.till.members import MembersFeature
from pos_app.services.till.overrides import OverridesFeature
from pos_app.services.till.sale import SaleFeature
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession
from pos_app.services.till.shifts import ShiftsFeature


class Till:
    def __init__(self, services: TillServices) -> None:
        self._s = services
        self.session = TillSession(services.approvals)
        self.sale = SaleFeature(services, self.session)
        self.members = MembersFeature(services, self.session, self.sale)
        self.returns = ReturnsFeature(services, self.session)
        self.units = UnitsFeature(services, self.session)
        self.receipts = ReceiptsFeature(services, self.session)
        self.coupons = CouponsFeature(services, self.session, self.sale)
        self.overrides = OverridesFeature(services, self.session)  # approvals, badges, lock
        self.discounts = DiscountsFeature(services, self.session, self.sale)  # price, discounts
        self.shifts = ShiftsFeature(services.shifts, self.session)  # X, Z, cash moves

    @property
    def held(self) -> HoldAndVoid:
        """Parked sales (挂单), voiding the whole sale, the open cart kept on disk."""
        return self.sale.held

    @property
    def kpis(self) -> KpiService:
        """Guide KPIs (issue 19): the store report, my figures, targets, re-attribution,
        exports; the service itself checks who may see what."""
        assert self._s.kpis is not None
        return self._s.kpis

    @property
    def clienteling(self) -> ClientelingService:
        """My customers (issue 19): the signed-in guide's own members, birthdays, lapsed
        customers and expiring coupons; the service itself refuses anyone else's."""
        assert self._s.clienteling is not None
        return self._s.clienteling

    @property
    def cart(self) -> Cart:
        """The sale's cart, for tests and scripts that look inside; screens read the sale
        feature (`till.sale.is_empty`, `line_quantity`, …) instead."""
        return self.sale.cart

    @property
    def staff(self) -> StaffInfo | None:
        return self.session.staff

    @property
    def shift(self) -> ShiftInfo | None:
        return self.session.shift

    @property
    def terminal(self) -> TerminalInfo:
        return self._s.terminal

    def staff_list(self) -> list[StaffInfo]:
        return self._s.auth.staff_list()

    # --- the session ---------------------------------------------------------------------
    def sign_in(self, staff_code: str, pin: str) -> StaffInfo:
        staff = self._s.auth.sign_in(staff_code, pin)
        self.session.staff = staff
        self.session.shift = self._s.shifts.current()
        # The sale's guide is whoever guides at this till now, never a previous user.
        self.sale.cart.guide_id = staff.id if guides_by_default(staff.role) else None
        self.held.restore_open()  # a cart left open by a crash or restart (needs a shift)
        return staff

    def sign_out(self) -> None:
        """Refused while a sale is being rung up: the next person must not inherit it."""
        if not self.sale.is_empty:
            raise PosError("cart_not_empty")
        if self.session.staff is not None:
            self._s.auth.sign_out(self.session.staff)
        self.session.staff = None
        self.sale.cart = Cart()

    def open_shift(self, opening_float: int) -> ShiftInfo:
        staff = self.session.staff_required()
        self.session.shift = self._s.shifts.open_shift(staff, opening_float)
        self.held.restore_open()
        return self.session.shift

    def open_shift_now(self) -> ShiftInfo | None:
        """This terminal's open shift as the database has it, signed in or not (status bar)."""
        return self._s.shifts.current()

    # --- who may do what -----------------------------------------------------------------
    def may(self, action: Action) -> bool:
        """Whether the signed-in person does `action` without asking (show, hide, grey)."""
        return self.session.may(action)

    def approve(self, asked: NeedsApproval | Action, approver_code: str, pin: str,
                **extra: object) -> Approval:
        """A manager's code + PIN for what the signed-in person asked (wrong PINs count
        toward the approver's lock-out); audited once. Hand the result to the use case.
        A badge approves through `till.overrides.approve_badge`."""
        return self.overrides.approve(asked, approver_code, pin, **extra)
