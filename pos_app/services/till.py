"""The till a cashier works at: who is signed in, the open shift and the cart being rung up.

The UI holds one Till and calls it for every action, so a screen never juggles services,
and the same flow is driven headless in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from pos_app.domain.cart import Cart, CartLine, CartTotals, ProductSnapshot
from pos_app.domain.member_days import PERMILLE, MemberDays, permille_on
from pos_app.domain.receipt import Receipt
from pos_app.domain.tenders import Tender
from pos_app.errors import PosError
from pos_app.ports import ReceiptPrinterPort
from pos_app.services.auth import AuthService
from pos_app.services.catalog import CatalogService, ProductHit
from pos_app.services.checkout import CheckoutService, CompletedSale
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.loyalty import PointsOffer
from pos_app.services.members import (
    MemberInfo,
    MemberProfile,
    MemberService,
    PurchaseSummary,
    enrolment_field_error,
)
from pos_app.services.members_online import MembersOnline
from pos_app.services.parked import CartStore, HoldAndVoid, keeps_cart
from pos_app.services.receipts import ReceiptService
from pos_app.services.returns import CompletedReturn, ReturnableSale, ReturnService
from pos_app.services.shifts import ShiftService
from pos_app.services.unit_receiving import UnitToReceive
from pos_app.services.units import ReceiveReport, UnitService


@dataclass
class TillServices:
    terminal: TerminalInfo
    auth: AuthService
    catalog: CatalogService
    checkout: CheckoutService
    receipts: ReceiptService
    shifts: ShiftService
    units: UnitService
    returns: ReturnService
    members: MemberService
    members_online: MembersOnline
    parked: CartStore  # parked sales and the open cart kept across restarts
    # the configured member days (read at each sale, so a settings change applies at once)
    member_days: Callable[[], MemberDays] = field(default=MemberDays)
    today: Callable[[], date] = field(default=date.today)  # the store's local date

    @classmethod
    def build(
        cls, engine: Engine, terminal: TerminalInfo, printer: ReceiptPrinterPort | None
    ) -> TillServices:
        """The services a till needs, over one database (the app and the tests both use it)."""
        catalog = CatalogService(engine)
        units = UnitService(engine, terminal)
        return cls(
            terminal=terminal,
            auth=AuthService(engine),
            catalog=catalog,
            checkout=CheckoutService(engine, terminal, catalog, units_service=units),
            receipts=ReceiptService(engine, terminal, printer),
            shifts=ShiftService(engine, terminal),
            units=units,
            returns=ReturnService(engine, terminal),
            members=MemberService(engine, terminal),
            members_online=MembersOnline(engine),
            parked=CartStore(engine, terminal),
        )


class Till:
    def __init__(self, services: TillServices) -> None:
        self._s = services
        self.staff: StaffInfo | None = None
        self.shift: ShiftInfo | None = None
        self.cart = Cart()
        self.last_sale: CompletedSale | None = None
        self._member: MemberInfo | None = None  # as looked up when attached
        # hold (挂单), void sale, and the open cart saved after each change (keeps_cart)
        self.held = HoldAndVoid(self, services.parked, services.units, services.members)

    @property
    def member(self) -> MemberInfo | None:
        """The customer this sale is rung up for; gone with the cart (sale done, cleared)."""
        if self._member is not None and self.cart.member_id == self._member.id:
            return self._member
        return None

    @property
    def terminal(self) -> TerminalInfo:
        return self._s.terminal

    def staff_list(self) -> list[StaffInfo]:
        return self._s.auth.staff_list()

    def sign_in(self, staff_code: str, pin: str) -> StaffInfo:
        self.staff = self._s.auth.sign_in(staff_code, pin)
        self.shift = self._s.shifts.current()
        # The sale's guide is whoever guides at this till now, never a previous user.
        self.cart.guide_id = self.staff.id if self.staff.role == "guide" else None
        self.held.restore_open()  # a cart left open by a crash or restart (needs a shift)
        return self.staff

    def open_shift_now(self) -> ShiftInfo | None:
        """This terminal's open shift as the database has it, signed in or not (status bar)."""
        return self._s.shifts.current()

    def sign_out(self) -> None:
        """Refused while a sale is being rung up: the next person must not inherit it."""
        if not self.cart.is_empty:
            raise PosError("cart_not_empty")
        if self.staff is not None:
            self._s.auth.sign_out(self.staff)
        self.staff = None
        self.cart = Cart()

    def open_shift(self, opening_float: int) -> ShiftInfo:
        if self.staff is None:
            raise PosError("not_signed_in")
        self.shift = self._s.shifts.open_shift(self.staff, opening_float)
        self.held.restore_open()
        return self.shift

    def _require_selling(self) -> None:
        if self.staff is None:
            raise PosError("not_signed_in")
        if self.shift is None:
            raise PosError("no_open_shift")

    @keeps_cart
    def scan(
        self, code: str, quantity: int = 1, override_by: StaffInfo | None = None
    ) -> CartLine:
        """Any scanned code; `override_by` = a manager approving a unit unknown to the store.
        A unit waiting in a parked sale is refused (it belongs to that sale)."""
        self._require_selling()
        line = self._s.checkout.scan(self.cart, code, quantity, override_by)
        refusal = self.held.unit_parked(line)
        if refusal is not None:
            self.cart.void_line(line.line_id)
            raise refusal
        return line

    def manager_approval(self, staff_code: str, pin: str) -> StaffInfo:
        """A manager's code + PIN for an override (wrong PINs count toward the lock-out)."""
        approver = self._s.auth.sign_in(staff_code, pin)
        if not approver.is_manager:
            raise PosError("not_a_manager", name=approver.name)
        return approver

    def guides(self) -> list[StaffInfo]:
        """Who a line can be attributed to: active guides and managers."""
        return [s for s in self._s.auth.staff_list() if s.role in ("guide", "manager")]

    @keeps_cart
    def set_line_guide(self, line_id: str, guide_id: str | None) -> CartLine:
        return self.cart.set_line_guide(line_id, guide_id)

    @keeps_cart
    def set_sale_guide(self, guide_id: str | None) -> None:
        self.cart.set_sale_guide(guide_id)

    def find_sale_for_return(self, code: str) -> ReturnableSale:
        return self._s.returns.find_sale(code)

    def complete_return(
        self, code: str, picks: dict[str, int], to_cash: bool = False,
        approved_by: StaffInfo | None = None,
    ) -> CompletedReturn:
        return self._s.returns.complete_return(
            code, picks, self.staff, self.shift, to_cash=to_cash, approved_by=approved_by
        )

    @keeps_cart
    def add_product(self, product: ProductSnapshot, quantity: int = 1) -> CartLine:
        self._require_selling()
        return self.cart.add(product, quantity)

    def search(self, text: str) -> list[ProductHit]:
        return self._s.catalog.search(text)

    @keeps_cart
    def set_quantity(self, line_id: str, quantity: int) -> CartLine:
        return self.cart.set_quantity(line_id, quantity)

    @keeps_cart
    def void_line(self, line_id: str) -> CartLine:
        return self.cart.void_line(line_id)

    def totals(self) -> CartTotals:
        return self.cart.totals()

    def points_offer(self, already_paid_with_points: int = 0) -> PointsOffer | None:
        """The attached member's available points and this sale's cap (None: no member)."""
        return self._s.checkout.points_offer(self.cart, already_paid_with_points)

    def complete(self, tenders: list[Tender]) -> CompletedSale:
        """Commit the sale; the cart is emptied only once the sale is safely on disk."""
        done = self._s.checkout.complete_sale(self.cart, tenders, self.staff, self.shift,
                                              campaign_permille=self.member_day_permille(),
                                              also=self.held.clear_in)
        self.last_sale = done
        guide = self.cart.guide_id
        self.cart = Cart(guide_id=guide)
        return done

    def member_day_permille(self) -> int:
        """Today's points multiplier for the attached member (×1 without a member or on an
        ordinary day)."""
        if self.cart.member_id is None:
            return PERMILLE
        return permille_on(self._s.member_days(), self._s.today())

    def receipt(self, sale_id: str) -> Receipt:
        return self._s.receipts.receipt_for(sale_id)

    def print_receipt(self, sale_id: str) -> Receipt:
        return self._s.receipts.print_sale(sale_id)

    def reprint_last(self) -> Receipt:
        return self._s.receipts.reprint_last(self.staff)

    def receive_units(self, codes: list[str]) -> ReceiveReport:
        """A delivery scanned at the till (managers): good codes go in stock, bad ones listed."""
        if self.staff is None:
            raise PosError("not_signed_in")
        if not self.staff.is_manager:
            raise PosError("manager_required")
        return self._s.units.receive(codes, self.staff)

    def check_unit_to_receive(self, code: str) -> UnitToReceive:
        """A code typed or scanned into the receive dialog: its product, or why not (managers)."""
        if self.staff is None:
            raise PosError("not_signed_in")
        if not self.staff.is_manager:
            raise PosError("manager_required")
        return self._s.units.check_to_receive(code)

    # --- members -------------------------------------------------------------------------
    def find_member(self, text: str) -> MemberInfo:
        """An exact look-up: member code, card, full phone or unionid."""
        if self.staff is None:
            raise PosError("not_signed_in")
        query = text.strip()
        member = self._s.members.lookup(query) if query else None
        if member is None:
            raise PosError("member_not_found", query=query[:40])
        return member

    def search_members(self, query: str, limit: int = 20) -> list[MemberInfo]:
        """Name search (characters, pinyin, initials), or "5678 王": last four digits + name."""
        if self.staff is None:
            raise PosError("not_signed_in")
        text = query.strip()
        if not text:
            return []
        head, _sep, rest = text.partition(" ")
        if len(head) == 4 and head.isdigit():
            return self._s.members.find_by_last4(head, rest.strip())
        return self._s.members.search(text, limit=limit)

    def find_members_online(self, text: str) -> list[MemberInfo]:
        """Ask HQ for a member this till does not hold (slow: call it off the GUI thread);
        the ones found are kept here, so the next look-up works offline."""
        if self.staff is None:
            raise PosError("not_signed_in")
        return self._s.members.by_ids(self._s.members_online.search(text))

    def can_ask_hq(self) -> bool:
        return self._s.members_online.available()

    def member_history(self, member_id: str, local: list[PurchaseSummary]
                       ) -> list[PurchaseSummary]:
        """The profile's purchases with HQ's (every store) added; slow, off the GUI thread."""
        if self.staff is None:
            raise PosError("not_signed_in")
        return self._s.members_online.purchases(member_id, local)

    @keeps_cart
    def refresh_member(self) -> MemberInfo | None:
        """Re-read the attached member after a sync: HQ may have confirmed it, changed its
        balance or tier, or merged it into another member, whom the sale then follows."""
        if self._member is None or self.cart.member_id is None:
            return None
        fresh = self._s.members.by_ids([self.cart.member_id])
        if not fresh:
            return self._member
        member = fresh[0]
        if member.id != self.cart.member_id or member.tier != self.cart.member_tier:
            self.cart.attach_member(member.id, member.tier)
        self._member = member
        return member

    @keeps_cart
    def attach_member(self, member: MemberInfo) -> MemberInfo:
        self._require_selling()
        self.cart.attach_member(member.id, member.tier)
        self._member = member
        return member

    @keeps_cart
    def detach_member(self) -> None:
        self.cart.detach_member()
        self._member = None

    def enroll_member(
        self, name: str, phone: str, card_no: str | None = None, birthday: str | None = None,
        gender: str = "", consent: bool = True, marketing_consent: bool = False,
    ) -> MemberInfo:
        """Enrolled by whoever is signed in (online or offline: provisional until HQ confirms).
        Refused without `consent` to the terms; `marketing_consent` is the customer's own."""
        if self.staff is None:
            raise PosError("not_signed_in")
        return self._s.members.enroll(
            name, phone, self.staff, card_no=card_no or None, birthday=birthday, gender=gender,
            consent=consent, marketing_consent=marketing_consent,
        )

    def enrolment_field_error(self, field: str, value: str) -> str | None:
        """What is wrong with one enrolment field as typed (name, phone, card, birthday),
        translated; None when it is fine. Checked as the person types, without the DB."""
        return enrolment_field_error(field, value)

    def member_profile(self, member_id: str) -> MemberProfile:
        """The profile as this viewer may see it (phone masked unless a manager); audited."""
        if self.staff is None:
            raise PosError("not_signed_in")
        return self._s.members.profile(member_id, self.staff)

    def add_member_tag(self, member_id: str, tag: str) -> list[str]:
        if self.staff is None:
            raise PosError("not_signed_in")
        return self._s.members.add_tag(member_id, tag, self.staff)
