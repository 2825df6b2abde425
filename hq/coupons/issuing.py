"""Issuing coupon instances from a definition (issue 17 item 1): to one member (admin CLI),
to a segment (a tier or a tag), or claimed by the member online (the claim API).

Every instance gets a short code (10 characters, typed, needs HQ online) and a signed SFC1
code made with HQ's newest active key (hq.coupons.keys) over pos_app.domain.coupons' payload,
which a till verifies offline. Stock is taken by one conditional UPDATE (`issued < total`),
so concurrent claims never issue more than the definition's total; the per-member limit
counts the member's instances of the definition, in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from hq import members
from hq import models as m
from hq.admin import AdminError
from hq.coupons import answers, keys, lookup
from hq.coupons.issue import new_code
from hq.db import writer
from pos_app.domain.coupons import CouponPayload, sign
from sync.contract.coupons_api import CouponClaimRequest, CouponClaimResponse

COUPON, DEF, MEMBER = m.Coupon.__table__, m.CouponDefinition.__table__, m.Member.__table__
IDENT, PRODUCT = m.MemberIdentifier.__table__, m.Product.__table__


class IssueRefusedError(AdminError):
    """Why no coupon was issued: `code` is the claim API's reason."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


@dataclass(frozen=True)
class Issued:
    id: str
    short_code: str
    signed_code: str
    member_id: str
    valid_until: Any


def find_member(conn: Connection, ref: str) -> str | None:
    """A member by id, unionid, phone or card (merges followed)."""
    ref = ref.strip()
    holder = conn.execute(select(IDENT.c.member_id).where(
        IDENT.c.kind.in_(("phone", "unionid", "card")), IDENT.c.value == ref)).scalar()
    return members.resolve(conn, holder or ref)


def issue_to(conn: Connection, defn_id: str, member_id: str, channel: str) -> Issued:
    """One instance of the definition for the member, signed; IssueRefusedError otherwise."""
    defn = conn.execute(select(DEF).where(DEF.c.id == defn_id)).first()
    if defn is None:
        raise IssueRefusedError("definition_unknown", f"unknown coupon definition {defn_id!r}")
    now = m.utcnow()
    if now >= lookup.utc(defn.valid_until):
        raise IssueRefusedError("definition_ended", "the coupon's validity has ended")
    if defn.per_member_limit:  # the member's row locked: concurrent claims count in turn
        conn.execute(select(MEMBER.c.id).where(MEMBER.c.id == member_id).with_for_update())
        held = conn.execute(select(func.count()).select_from(COUPON).where(
            COUPON.c.definition_id == defn.id, COUPON.c.member_id == member_id)).scalar_one()
        if held >= defn.per_member_limit:
            raise IssueRefusedError("claim_limit", "the member holds as many as allowed")
    taken = conn.execute(update(DEF).where(DEF.c.id == defn.id, or_(
        DEF.c.total_quantity == 0, DEF.c.issued < DEF.c.total_quantity))
        .values(issued=DEF.c.issued + 1)).rowcount
    if not taken:
        raise IssueRefusedError("out_of_stock", "no coupons of this definition are left")
    coupon_id = m.new_id()
    key_id, private = keys.signing_key(conn)
    stores = json.loads(defn.stores)
    gift_sku = conn.execute(select(PRODUCT.c.sku).where(
        PRODUCT.c.id == defn.gift_product_id)).scalar() if defn.gift_product_id else None
    payload = CouponPayload.make(
        key_id=key_id, coupon_id=coupon_id, campaign_id=defn.campaign_id, member_id=member_id,
        kind=defn.kind, valid_from=lookup.utc(defn.valid_from),
        valid_until=lookup.utc(defn.valid_until),
        value={"amount_off": defn.value, "percent_off": defn.value // 10}.get(defn.kind, 1),
        min_spend=defn.min_spend, gift_sku=gift_sku,
        store_id=stores[0] if len(stores) == 1 else None)
    row = {"id": coupon_id, "code": new_code(), "member_id": member_id,
           "campaign": defn.campaign_id, "kind": defn.kind, "title": defn.title,
           "value": defn.value, "min_spend": defn.min_spend,
           "valid_from": payload.valid_from, "valid_until": payload.valid_until,
           "status": "open", "issued_at": now, "definition_id": defn.id,
           "signed_code": sign(payload, private), "channel": channel}
    conn.execute(insert(COUPON), row)
    members.publish(conn, member_id)
    return Issued(coupon_id, row["code"], row["signed_code"], member_id, row["valid_until"])


def issue(engine: Engine, defn_id: str, member_ref: str) -> Issued:
    """The admin CLI's issue to one member (id, phone, unionid or card)."""
    with writer(engine).begin() as conn:
        member_id = find_member(conn, member_ref)
        if member_id is None:
            raise AdminError(f"unknown member {member_ref!r}")
        return issue_to(conn, defn_id, member_id, "admin")


def issue_segment(engine: Engine, defn_id: str, tier: str | None = None,
                  tag: str | None = None) -> tuple[int, dict[str, int]]:
    """One instance to every current member of a tier and/or with a tag, each in its own
    transaction (a member at the limit, or stock running out, skips; the rest go on).
    (issued, {refusal code: members skipped})."""
    if not tier and not tag:
        raise AdminError("name a segment: --tier and/or --tag")
    query = select(MEMBER.c.id, MEMBER.c.tags).where(MEMBER.c.merged_into.is_(None))
    if tier:
        query = query.where(MEMBER.c.tier == tier)
    with engine.connect() as conn:
        targets = [r.id for r in conn.execute(query.order_by(MEMBER.c.id))
                   if not tag or tag in json.loads(r.tags or "[]")]
    issued, skipped = 0, {}
    for member_id in targets:
        try:
            with writer(engine).begin() as conn:
                issue_to(conn, defn_id, member_id, "segment")
            issued += 1
        except IssueRefusedError as exc:
            skipped[exc.code] = skipped.get(exc.code, 0) + 1
    return issued, skipped


def claim(engine: Engine, caller: str, req: CouponClaimRequest) -> CouponClaimResponse:
    """The claim API: the first answer for (caller, key) is the answer for good."""
    digest = answers.request_hash(req)
    for _ in range(3):
        try:
            with writer(engine).begin() as conn:
                kept = answers.stored(conn, "claim", caller, req.idempotency_key, digest,
                                      CouponClaimResponse)
                if kept is False:
                    return CouponClaimResponse(outcome="refused", reason="idempotency_reused")
                if kept is not None:
                    return kept
                answer = _claim(conn, req)
                answers.keep(conn, "claim", caller, req.idempotency_key, digest, answer)
                return answer
        except IntegrityError:
            continue
    raise RuntimeError("claim answer neither stored nor readable")


def _claim(conn: Connection, req: CouponClaimRequest) -> CouponClaimResponse:
    member_id = find_member(conn, req.member)
    if member_id is None:
        return CouponClaimResponse(outcome="refused", reason="member_unknown")
    with conn.begin_nested() as nested:  # a refusal takes back the stock it took
        try:
            got = issue_to(conn, req.definition_id, member_id, "claim")
        except IssueRefusedError as exc:
            nested.rollback()
            return CouponClaimResponse(outcome="refused", reason=exc.code, member_id=member_id)
    return CouponClaimResponse(outcome="claimed", coupon_id=got.id, short_code=got.short_code,
                               signed_code=got.signed_code, member_id=member_id,
                               valid_until=got.valid_until)
