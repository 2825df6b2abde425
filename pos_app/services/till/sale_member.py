"""The customer on the sale being rung up (a part of `till.sale`; `till.members` attaches
and detaches through it). Kept apart so the sale feature stays one screen long."""

from __future__ import annotations

from pos_app.domain.cart import Cart
from pos_app.services.members import MemberInfo
from pos_app.services.parked import keeps_cart
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession


class SaleMember:
    cart: Cart
    _member: MemberInfo | None
    _s: TillServices
    _session: TillSession

    def keep_cart(self) -> None:
        raise NotImplementedError  # the sale feature saves the open cart

    @property
    def member(self) -> MemberInfo | None:
        """The customer this sale is rung up for; gone with the cart (sale done, cleared)."""
        if self._member is not None and self.cart.member_id == self._member.id:
            return self._member
        return None

    @keeps_cart
    def attach_member(self, member: MemberInfo) -> MemberInfo:
        self._session.selling()
        self.cart.attach_member(member.id, member.tier)
        self._member = member
        return member

    @keeps_cart
    def detach_member(self) -> None:
        self.cart.detach_member()
        self._member = None

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
