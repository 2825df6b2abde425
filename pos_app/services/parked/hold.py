"""Hold (挂单) and void at the till: park the cart, resume a parked one, void the whole sale,
and keep the cart being rung up on disk so it survives a crash or a restart.

The choices, and why:
- Voiding a whole sale before payment is a manager override (PRODUCT §1, §8): a manager
  voids at once; for a cashier or guide the answer is `NeedsApproval` and the UI asks for a
  manager's code and PIN. Dropping a parked sale throws a sale away just the same (else
  "park, then drop" would go round the rule), so it follows the same rule. Both are
  audited with the number of lines, items and the total, and who approved.
- The open cart belongs to the till, not to a person. After a crash or restart it comes
  back for whoever signs in next, with a note naming who rang it up if that was someone
  else; their lines keep their guides, new lines take the new person's (the sign-in rule).
  It comes back only once a shift is open (nothing sells without one), so someone who
  signs in and declines to open a shift leaves it on disk for the next person.
- Unit codes: a unit in a parked cart stays reserved to that cart, so scanning it into
  another cart is refused. When a cart comes back (resume, restore) each unit line is
  checked against the registry again; a unit that can no longer be sold (sold, written off
  or moved while the cart waited) is left out and the cashier is told why.
- Saving the open cart is one upsert after each change, skipped when the cart's snapshot
  did not change. A failed save is logged and retried at the next change; it never turns
  a scan that worked into an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, Protocol, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from pos_app.domain.cart import Cart, CartLine, CartTotals
from pos_app.domain.cart_snapshot import cart_from_json, cart_to_json
from pos_app.domain.permissions import Action
from pos_app.domain.units import OVERRIDABLE
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, NeedsApproval, decide, needs
from pos_app.services.context import ShiftInfo, StaffInfo
from pos_app.services.members import MemberInfo, MemberService
from pos_app.services.parked.outcomes import (
    CartBack,
    Parked,
    ParkedSale,
    RestoreFailed,
    Voided,
)
from pos_app.services.parked.store import CartRecord, CartStore, StoredCart
from pos_app.services.units import UnitService

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class CartOwner(Protocol):
    """What hold-and-void needs of the till's sale (a Protocol: no import of the till)."""

    cart: Cart

    @property
    def staff(self) -> StaffInfo | None: ...

    @property
    def shift(self) -> ShiftInfo | None: ...

    def staff_list(self) -> list[StaffInfo]: ...

    def totals(self) -> CartTotals: ...  # the cart priced with the rules in force

    def staff_required(self) -> StaffInfo: ...  # the session's guard: signed in

    def selling(self) -> tuple[StaffInfo, ShiftInfo]: ...  # …with a shift open

    def attach_member(self, member: MemberInfo) -> MemberInfo: ...

    def detach_member(self) -> None: ...

    def release_coupon_holds(self) -> None: ...  # HQ's holds on the cart's coupons, if any


class KeepsCart(Protocol):
    def keep_cart(self) -> None: ...


def keeps_cart(method: F) -> F:
    """A sale method that may change the cart: the open cart is saved after it succeeds."""

    @wraps(method)
    def wrapper(self: KeepsCart, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        self.keep_cart()
        return result

    return wrapper  # type: ignore[return-value]


class HoldAndVoid:
    def __init__(self, till: CartOwner, store: CartStore, units: UnitService,
                 members: MemberService) -> None:
        self._till = till
        self._store = store
        self._units = units
        self._members = members
        self._saved: str | None = None  # the snapshot on disk ("" = none), None = unknown
        self._settled = False  # the stored open cart was looked at (restored or absent)
        self._note: CartBack | RestoreFailed | None = None

    # --- the open cart, kept on disk -----------------------------------------------------
    def keep(self) -> None:
        """Save the cart being rung up if it changed (nothing before the stored one was
        restored: an empty cart at the sign-in screen must not wipe it)."""
        if not self._settled:
            return
        cart = self._till.cart
        try:
            if cart.is_empty:
                if self._saved != "":
                    self._store.clear_open()
                    self._saved = ""
                return
            if cart_to_json(cart) != self._saved:  # priced only when it changed
                record = self._record(cart)
                self._store.save_open(record)
                self._saved = record.payload
        except (PosError, SQLAlchemyError) as exc:
            self._saved = None
            log.warning("open cart not saved (%s); retried at the next change",
                        getattr(exc, "code", type(exc).__name__))

    @property
    def unsaved(self) -> bool:
        """A save of the cart in hand missed the write lock (a sync page or the member index
        build held it past SAVE_WAIT_MS) and is still owed: the screen retries it on a timer
        rather than waiting for the cashier's next change."""
        return self._settled and self._saved is None

    def clear_in(self, session: Session) -> None:
        """Inside a sale's commit: the sold cart leaves the disk with the same transaction."""
        self._store.clear_open(session)
        self._saved = ""

    def restore_open(self) -> CartBack | RestoreFailed | None:
        """At sign-in (or shift open): the cart left open by a crash or restart comes back."""
        till = self._till
        if till.staff is None or till.shift is None:
            return None  # not yet: keep() leaves the stored cart alone until then
        self._settled = True
        if not till.cart.is_empty:
            return None  # never replace a cart in hand (it is saved over the old one)
        stored = self._store.load_open()
        if stored is None:
            self._saved = ""
            return None
        try:
            cart = cart_from_json(stored.payload)
        except PosError as exc:
            log.warning("open cart unreadable (%s): not restored", exc.params.get("detail"))
            self._note = RestoreFailed(exc)
            self._saved = stored.payload
            return self._note
        if stored.staff_id != till.staff.id:
            cart.guide_id = till.cart.guide_id  # new lines: the sign-in rule
        self._saved = stored.payload
        back = self._install(cart, stored, rung_by=self._other_name(stored.staff_id))
        self._note = back
        return back

    def take_note(self) -> CartBack | RestoreFailed | None:
        """The restore to tell the person who just signed in about, once."""
        note, self._note = self._note, None
        return note

    # --- parking -------------------------------------------------------------------------
    def park(self) -> Parked:
        till = self._till
        till.staff_required()
        if till.cart.is_empty:
            raise PosError("park_empty_cart")
        record = self._record(till.cart)
        stored = self._store.park(record)
        self._fresh_cart()
        return Parked(id=stored.id, item_count=record.item_count, total=record.total)

    def parked(self) -> list[ParkedSale]:
        stored = self._store.parked()
        names = {s.id: s.name for s in self._till.staff_list()} if stored else {}
        out = []
        for s in stored:
            member = self._follow(s.member_id)
            out.append(ParkedSale(
                id=s.id, saved_at=s.saved_at, line_count=s.line_count,
                item_count=s.item_count, total=s.total,
                member_name=member.name if member else "",
                member_phone_masked=member.phone_masked if member else "",
                parked_by=names.get(s.staff_id or "", ""),
            ))
        return out

    def resume(self, parked_id: str, park_current: bool = False) -> CartBack:
        """The parked sale becomes the cart; a cart in hand is refused unless
        `park_current`, which parks it in the same transaction."""
        till = self._till
        till.selling()
        current = None
        if not till.cart.is_empty:
            if not park_current:
                raise PosError("resume_cart_not_empty")
            current = self._record(till.cart)
        wanted = next((s for s in self._store.parked() if s.id == parked_id), None)
        if wanted is None:
            raise PosError("parked_sale_not_found")
        cart = cart_from_json(wanted.payload)  # unreadable: refused before anything moves
        taken = self._store.resume(parked_id, current)
        self._saved = taken.payload
        cart.guide_id = cart.guide_id or till.cart.guide_id
        back = self._install(cart, taken)
        return replace(back, parked_current=current is not None)

    def drop(self, parked_id: str, approved_by: Approval | None = None
             ) -> ParkedSale | NeedsApproval:
        """Throw a parked sale away: a void, so a manager's (audited)."""
        staff = self._till.staff_required()
        total = next((p.total for p in self.parked() if p.id == parked_id), None)
        approver = decide(staff, Action.DROP_PARKED, approved_by, parked_id,
                          asked=needs(Action.DROP_PARKED, parked_id, total, 0))
        if isinstance(approver, NeedsApproval):
            return approver
        gone = self._store.drop(parked_id, staff.id, approver.id)
        return ParkedSale(id=gone.id, saved_at=gone.saved_at, line_count=gone.line_count,
                          item_count=gone.item_count, total=gone.total)

    def unit_parked(self, line: CartLine) -> PosError | None:
        """A unit just scanned that waits in a parked cart: the refusal, else None."""
        if not line.unit_code:
            return None
        at = self._store.held_units().get(line.unit_code)
        if at is None:
            return None
        return PosError("unit_parked", code=line.unit_code,
                        time=at.astimezone().strftime("%H:%M"))

    # --- voiding the whole sale ----------------------------------------------------------
    def void_sale(self, approved_by: Approval | None = None) -> Voided | NeedsApproval:
        staff = self._till.staff_required()
        if self._till.cart.is_empty:
            raise PosError("void_empty_cart")
        approver = decide(staff, Action.VOID_SALE, approved_by,  # the total → nothing
                          asked=needs(Action.VOID_SALE, "", self._till.totals().total, 0))
        if isinstance(approver, NeedsApproval):
            return approver
        record = self._record(self._till.cart)
        self._store.void_open(record, approver.id)
        self._saved = ""
        self._till.release_coupon_holds()  # a voided sale's coupons go back (issue 17)
        self._fresh_cart()
        return Voided(line_count=record.line_count, item_count=record.item_count,
                      total=record.total)

    # --- helpers -------------------------------------------------------------------------
    def _record(self, cart: Cart) -> CartRecord:
        """The cart as stored; its total is the one the screen showed (campaigns applied),
        so the parked list and the void's audit name what the customer would have paid."""
        totals = self._till.totals() if cart is self._till.cart else cart.totals()
        staff = self._till.staff
        return CartRecord(payload=cart_to_json(cart), line_count=len(cart.lines),
                          item_count=totals.item_count, total=totals.total,
                          member_id=cart.member_id, staff_id=staff.id if staff else None)

    def _install(self, cart: Cart, stored: StoredCart, rung_by: str | None = None) -> CartBack:
        """Make `cart` the till's cart, minus unit lines that can no longer be sold."""
        left_out = []
        for line in list(cart.lines):
            if not line.unit_code:
                continue
            refusal = self._units.sale_refusal(line.unit_code)
            if refusal is not None and not (refusal.code in OVERRIDABLE
                                            and line.unit_override_by):
                cart.void_line(line.line_id)
                left_out.append(refusal)
        member = self._follow(cart.member_id)
        lost = cart.member_id is not None and member is None
        if lost:
            cart.detach_member()
        self._till.cart = cart
        if member is not None:
            self._till.attach_member(member)  # follows a merge; saves the cart
        self.keep()
        totals = self._till.totals()
        return CartBack(item_count=totals.item_count, total=totals.total,
                        saved_at=stored.saved_at, left_out=tuple(left_out),
                        member_lost=lost, rung_by=rung_by)

    def _follow(self, member_id: str | None) -> MemberInfo | None:
        """The member as this till knows them now (a merge followed), or None."""
        if not member_id:
            return None
        found = self._members.by_ids([member_id])
        return found[0] if found else None

    def _fresh_cart(self) -> None:
        """After park or void: an empty cart, the sale's guide kept (as after a sale)."""
        self._till.cart = Cart(guide_id=self._till.cart.guide_id)
        self._till.detach_member()

    def _other_name(self, staff_id: str | None) -> str | None:
        till = self._till
        if not staff_id or (till.staff and till.staff.id == staff_id):
            return None
        return next((s.name for s in till.staff_list() if s.id == staff_id), None)
