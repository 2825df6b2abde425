"""A scanned coupon code read at this till: genuine, in force, for this store and member.

The signature is checked offline against the keys HQ still honours (pulled on the
`coupon_keys` stream into local_db.coupon_keys), so a till that lost HQ still refuses a
forged, tampered, expired or retired-key coupon; it cannot tell whether another till redeemed
it already (HQ can, online; offline the campaign's policy decides). A 10-character short code
carries no signature: only HQ can say what it is, so it is refused here when offline.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db import coupon_keys
from local_db.ids import utcnow
from local_db.models import Member, MemberCoupon, Product
from local_db.uow import read_session
from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.coupons import CouponPayload, gift_ref, verify
from pos_app.domain.members import mask_code, mask_name, mask_phone
from pos_app.errors import PosError
from pos_app.services.context import TerminalInfo

Keys = tuple[Mapping[int, bytes], Collection[int]]  # honoured key id → public key; retired ids
KeySource = Callable[[Session], Keys]


def till_keys(session: Session) -> Keys:
    """The keys this till verifies with: HQ's honoured keys, and the retired ones by id (so a
    coupon signed with one is refused as such, not as an unknown key)."""
    return coupon_keys.honoured_keys(session), coupon_keys.retired_keys(session)


@dataclass(frozen=True)
class CouponView:
    """A verified coupon as a guide or cashier sees it: the member masked, the gift named."""

    code: str
    payload: CouponPayload
    member_id: str | None  # the local member it resolves to (merges followed), if known
    member_masked: str
    gift_product_id: str | None = None
    gift_sku: str | None = None
    gift_name: str | None = None
    gift_name_en: str | None = None  # an English screen's name for it (ui.widgets.product_name)
    store_name: str = ""  # where it may be redeemed: this store, or "" for every store

    @property
    def coupon_id(self) -> str:
        return self.payload.coupon_id

    @property
    def kind(self) -> str:
        return self.payload.kind


class CouponReader:
    def __init__(self, engine: Engine, terminal: TerminalInfo,
                 keys: KeySource = till_keys) -> None:
        self._engine = engine
        self._terminal = terminal
        self._keys = keys

    def read(self, raw: str, member_id: str | None = None,
             now: datetime | None = None) -> CouponView:
        """The coupon `raw` proves, or PosError: damaged, bad signature, unknown or retired
        key, not yet valid, expired (17-A's verify), another store's (`coupon_wrong_store`),
        another member's than the one attached (`coupon_wrong_member`), or a short code that
        needs HQ (`coupon_short_needs_hq`)."""
        code = classify(raw, "coupon")
        text = (code.coupon or raw).strip()
        if code.kind != CodeKind.COUPON and not text.upper().startswith("SFC1"):
            raise PosError("coupon_damaged")
        if not text.upper().startswith("SFC1"):
            raise PosError("coupon_short_needs_hq")
        with read_session(self._engine) as session:
            honoured, retired = self._keys(session)
            payload = verify(text, honoured, now or utcnow(), retired)
            if not payload.honoured_at(self._terminal.store_id):
                raise PosError("coupon_wrong_store")
            if member_id and not payload.for_member(_root(session, member_id)):
                raise PosError("coupon_wrong_member")
            owner = _owner(session, payload, member_id)
            gift = _gift_product(session, payload.gift_ref) if payload.gift_ref else None
            return CouponView(
                code=text, payload=payload, member_id=owner.id if owner else None,
                member_masked=_masked(owner),
                gift_product_id=gift.id if gift else None, gift_sku=gift.sku if gift else None,
                gift_name=gift.name_zh if gift else None,
                gift_name_en=gift.name_en if gift else None,
                store_name=self._terminal.store_name if payload.store_ref else "",
            )


def _root(session: Session, member_id: str) -> str:
    """A member id with HQ's merges followed (a merged member's coupons are the survivor's)."""
    member = _member(session, member_id)
    return member.id if member else member_id


def _member(session: Session, member_id: str | None) -> Member | None:
    member = session.get(Member, member_id) if member_id else None
    for _ in range(8):  # merge chains are short; a loop in bad data must not hang the till
        if member is None or not member.merged_into:
            break
        member = session.get(Member, member.merged_into) or member
    return member


def _owner(session: Session, payload: CouponPayload, attached: str | None) -> Member | None:
    """The member the coupon is for: the one attached, else the one the members stream lists
    it under, else the member on this till whose id the code's hash names (a code carries a
    hash of its member's id, not the id)."""
    if payload.member_ref is None:
        return _member(session, attached)
    listed = session.get(MemberCoupon, payload.coupon_id)
    for candidate in (attached, listed.member_id if listed else None):
        member = _member(session, candidate)
        if member is not None and payload.for_member(member.id):
            return member
    for member_id in session.exec(select(Member.id).where(Member.merged_into == None)):  # noqa: E711
        if payload.for_member(member_id):
            return session.get(Member, member_id)
    return None


def _masked(member: Member | None) -> str:
    if member is None:
        return ""
    return mask_phone(member.phone) or mask_code(member.card_no) or mask_name(member.name)


def _gift_product(session: Session, ref: str) -> Product | None:
    """The product whose SKU hashes to the code's gift ref (the code carries 6 bytes of it)."""
    for product_id, sku in session.exec(select(Product.id, Product.sku)):
        if gift_ref(sku) == ref:
            return session.get(Product, product_id)
    return None
