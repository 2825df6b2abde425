"""Members at HQ (PRODUCT §4): enrolment with duplicate merging, the points ledger, tiers,
the per-store `members` stream and the online search.

Everything runs inside the pushing event's SAVEPOINT (hq.apply_events.apply_one), so an
event's member rows, ledger entries and change-log rows commit or roll back together.

- **Merging.** An enrolment whose phone, unionid or openid already belongs to a member is
  merged with it: the member HQ saw FIRST (by first_seen_at, HQ's clock) survives, every
  other one keeps its row with `merged_into` set and its phone/card cleared; identifiers,
  ledger entries, sales and balance move to the survivor, and the merged id is published
  as a `members` tombstone with data `{"merged_into": survivor}` (a redirect, kept forever:
  pruning never removes member tombstones). Chains are flattened (A→B, B→C becomes A→C).
- **Points** live in hq.members_points (ledger, never-negative balance, flagged debt); a
  merge adds the loser's balance and debt to the survivor's.
- **Coupons** issued to a member (hq.coupons) travel in its stream row; a merge moves them.
- **Tiers** from lifetime spend (sales' totals) by pos_app.domain.tiers (0 / ¥2,000 /
  ¥10,000 / ¥50,000 → regular / silver / gold / diamond), recomputed whenever spend changes.
- **Stream region.** A member's row goes to its home store and to every store where it
  bought (one change-log row per store); a first purchase at a store adds that store.
  Online look-ups by tills follow hq.privacy (exact identifiers, masking outside the
  region, quotas, audit).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from hq import changes, member_holds
from hq import models as m
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from pos_app.domain.tiers import tier_for_spend
from sync.contract.envelope import EventIn
from sync.contract.events_members import MemberEnrolledPayload, MemberTaggedPayload
from sync.contract.streams_members import MemberData

MEMBER = m.Member.__table__
IDENT = m.MemberIdentifier.__table__
LEDGER = m.PointsLedger.__table__
SALE = m.Sale.__table__
COUPON = m.Coupon.__table__
STREAM = "members"
IDENT_KINDS = ("phone", "card", "openid", "unionid", "eshop")
MERGE_KINDS = ("phone", "unionid", "openid")  # same value = same person → merge
MAX_HOPS = 16


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def resolve(conn: Connection, member_id: str) -> str | None:
    """The surviving member for an id (following merges), or None when HQ never saw it."""
    current = member_id
    for _ in range(MAX_HOPS):
        row = conn.execute(select(MEMBER.c.merged_into).where(MEMBER.c.id == current)).first()
        if row is None:
            return None
        if row.merged_into is None:
            return current
        current = row.merged_into
    return current


def region(conn: Connection, member_id: str) -> set[str]:
    """Stores whose terminals hold this member: its home store and where it bought."""
    stores = set(conn.execute(
        select(SALE.c.store_id).where(SALE.c.member_id == member_id).distinct()).scalars())
    home = conn.execute(select(MEMBER.c.home_store_id).where(MEMBER.c.id == member_id)).scalar()
    if home:
        stores.add(home)
    return stores


def open_coupons(conn: Connection, member_id: str) -> list[dict[str, Any]]:
    """The member's open coupons, soonest expiry first (expired ones the till hides)."""
    rows = conn.execute(select(COUPON).where(
        COUPON.c.member_id == member_id, COUPON.c.status == "open")
        .order_by(COUPON.c.valid_until, COUPON.c.id)).all()
    return [{"id": r.id, "code": r.code, "campaign": r.campaign, "kind": r.kind,
             "title": r.title, "value": int(r.value), "min_spend": int(r.min_spend),
             "valid_from": _utc(r.valid_from).isoformat(),
             "valid_until": _utc(r.valid_until).isoformat()} for r in rows]


def member_data(conn: Connection, member_id: str) -> dict[str, Any]:
    row = conn.execute(select(MEMBER).where(MEMBER.c.id == member_id)).one()
    idents = conn.execute(
        select(IDENT.c.kind, IDENT.c.value).where(IDENT.c.member_id == member_id)
        .order_by(IDENT.c.kind, IDENT.c.value)).all()
    data = MemberData(
        id=row.id, name=row.name, phone=row.phone, card_no=row.card_no, birthday=row.birthday,
        gender=row.gender, tier=row.tier, tags=json.loads(row.tags or "[]"),
        home_store_id=row.home_store_id, owner_guide_id=row.owner_guide_id,
        enrolled_by=row.enrolled_by, consent=bool(row.consent),
        marketing_consent=bool(row.marketing_consent),
        points_balance=int(row.points_balance), points_debt=int(row.points_debt),
        coupons=open_coupons(conn, member_id),
        identifiers=[{"kind": k, "value": v} for k, v in idents],  # type: ignore[misc]
        merged_into=row.merged_into, created_at=_utc(row.created_at).isoformat(),
        updated_at=_utc(row.updated_at).isoformat())
    return data.model_dump()


def publish(conn: Connection, member_id: str, extra_stores: set[str] | None = None) -> None:
    data = member_data(conn, member_id)
    for store in sorted(region(conn, member_id) | (extra_stores or set())):
        changes.record(conn, STREAM, member_id, "upsert", data, store_id=store)


def _publish_redirect(conn: Connection, old_id: str, new_id: str, stores: set[str]) -> None:
    for store in sorted(stores):
        changes.record(conn, STREAM, old_id, "delete", {"merged_into": new_id}, store_id=store)


def _holder(conn: Connection, kind: str, value: str) -> str | None:
    return conn.execute(select(IDENT.c.member_id).where(
        IDENT.c.kind == kind, IDENT.c.value == value)).scalar()


def _add_identifiers(conn: Connection, member_id: str, pairs: list[tuple[str, str]]
                     ) -> list[str]:
    """Give `member_id` the identifiers nobody holds; returns those another member holds."""
    taken = []
    for kind, value in pairs:
        holder = _holder(conn, kind, value)
        if holder is None:
            conn.execute(insert(IDENT), {"member_id": member_id, "kind": kind, "value": value})
        elif holder != member_id:
            taken.append(f"{kind} belongs to member {holder}")  # ids only, never the value
    return taken


def retier(conn: Connection, member_id: str) -> None:
    spend = conn.execute(select(MEMBER.c.lifetime_spend).where(MEMBER.c.id == member_id)
                         ).scalar_one()
    conn.execute(update(MEMBER).where(MEMBER.c.id == member_id)
                 .values(tier=tier_for_spend(int(spend)), updated_at=m.utcnow()))


def merge(conn: Connection, loser: str, survivor: str) -> None:
    """Fold `loser` into `survivor`: identifiers, ledger, balance, spend, sales, blanks."""
    lost = conn.execute(select(MEMBER).where(MEMBER.c.id == loser)).one()
    stores = region(conn, loser)
    conn.execute(update(MEMBER).where(MEMBER.c.id == loser).values(
        phone=None, card_no=None, merged_into=survivor, points_balance=0, points_debt=0,
        lifetime_spend=0, updated_at=m.utcnow()))
    conn.execute(update(IDENT).where(IDENT.c.member_id == loser).values(member_id=survivor))
    conn.execute(update(LEDGER).where(LEDGER.c.member_id == loser).values(member_id=survivor))
    conn.execute(update(SALE).where(SALE.c.member_id == loser).values(member_id=survivor))
    conn.execute(update(COUPON).where(COUPON.c.member_id == loser).values(member_id=survivor))
    kept = conn.execute(select(MEMBER).where(MEMBER.c.id == survivor)).one()
    fill = {name: getattr(lost, name) for name in ("phone", "card_no", "birthday",
                                                    "owner_guide_id", "home_store_id")
            if getattr(kept, name) is None and getattr(lost, name) is not None}
    if not kept.gender and lost.gender:
        fill["gender"] = lost.gender
    tags = list(dict.fromkeys(json.loads(kept.tags or "[]") + json.loads(lost.tags or "[]")))
    conn.execute(update(MEMBER).where(MEMBER.c.id == survivor).values(
        **fill, tags=json.dumps(tags, ensure_ascii=False),
        consent=bool(kept.consent or lost.consent),
        marketing_consent=bool(kept.marketing_consent or lost.marketing_consent),
        points_balance=MEMBER.c.points_balance + lost.points_balance,
        points_debt=MEMBER.c.points_debt + lost.points_debt,
        lifetime_spend=MEMBER.c.lifetime_spend + lost.lifetime_spend))
    retier(conn, survivor)
    for old in conn.execute(select(MEMBER.c.id).where(MEMBER.c.merged_into == loser)).scalars():
        conn.execute(update(MEMBER).where(MEMBER.c.id == old).values(merged_into=survivor))
        _publish_redirect(conn, old, survivor, stores)
    _publish_redirect(conn, loser, survivor, stores | region(conn, survivor))


def enroll(conn: Connection, device: DeviceInfo, ev: EventIn, p: MemberEnrolledPayload
           ) -> tuple[str, str]:
    """Create the member or merge it; returns (status, reason) for an applied enrolment.

    Identity is HQ's call: the survivor is the member HQ saw first (`first_seen_at`, HQ's
    clock — never the till's `created_at`), the home store is the device's, and a merge
    with a member outside the device's store region is held for a person
    (hq.member_holds) instead of handing that member to this till.

    On PostgreSQL the change-log writer lock is taken first: two tills enrolling the same
    phone at once are judged one after the other (the second sees the first and merges)."""
    changes.lock_writers(conn)
    known = conn.execute(select(MEMBER.c.merged_into).where(MEMBER.c.id == p.id)).first()
    if known is not None:
        if known.merged_into:
            return "accepted", f"merged into {resolve(conn, p.id)}"
        raise ConflictError(f"member {p.id} is already enrolled")
    wanted = [(k, v) for k, v in (("phone", p.phone), ("unionid", p.unionid),
                                  ("openid", p.openid)) if v]
    matches = {(mid, _utc(seen), kind) for mid, seen, kind in conn.execute(
        select(MEMBER.c.id, MEMBER.c.first_seen_at, IDENT.c.kind)
        .join(IDENT, IDENT.c.member_id == MEMBER.c.id)
        .where(or_(*(and_(IDENT.c.kind == k, IDENT.c.value == v) for k, v in wanted)),
               MEMBER.c.merged_into.is_(None))).all()} if wanted else set()
    now = m.utcnow()
    conn.execute(insert(MEMBER), {
        "id": p.id, "name": p.name.strip(), "phone": None, "card_no": None,
        "birthday": p.birthday, "gender": p.gender, "tier": "regular",
        "tags": json.dumps(list(dict.fromkeys(p.tags)), ensure_ascii=False),
        "home_store_id": device.store_id, "owner_guide_id": p.owner_guide_id,
        "enrolled_by": p.enrolled_by, "consent": p.consent,
        "marketing_consent": p.marketing_consent, "points_balance": 0,
        "lifetime_spend": 0, "merged_into": None, "created_at": p.created_at.astimezone(UTC),
        "updated_at": now, "first_seen_at": now})
    foreign = {(mid, kind) for mid, _, kind in matches
               if device.store_id not in region(conn, mid)}
    held = {mid for mid, _ in foreign}
    group = sorted({(seen, mid) for mid, seen, _ in matches if mid not in held}
                   | {(now, p.id)})
    survivor = group[0][1]
    losers = [mid for _, mid in group[1:]]
    stores = {device.store_id}
    for loser in losers:
        stores |= region(conn, loser)
        merge(conn, loser, survivor)
    held_kinds = {kind for _, kind in foreign}
    taken = _add_identifiers(conn, survivor, [(k, v) for k, v in wanted if k not in held_kinds]
                             + _card(p))
    fill_own(conn, survivor, p.phone, p.card_no, p.consent, p.marketing_consent)
    publish(conn, survivor, stores)
    if foreign:  # enrolled (and merged with this store's own matches) but not with those
        return "conflict", member_holds.hold(conn, device, ev, p.id, foreign)
    if taken:  # stored, but an identifier is someone else's: the manager must look
        return "conflict", f"member_identifier_taken: {'; '.join(taken)}; enrolled without it"
    if survivor != p.id:
        return "accepted", f"merged into {survivor}"
    return "accepted", f"absorbed {', '.join(losers)}" if losers else ""


def _card(p: MemberEnrolledPayload) -> list[tuple[str, str]]:
    return [("card", p.card_no)] if p.card_no else []


def fill_own(conn: Connection, survivor: str, phone: str | None, card_no: str | None,
             consent: bool, marketing: bool | None = None) -> None:
    """The member's phone/card columns from identifiers it now holds; consent once given.
    `marketing`: the customer's latest answer at an enrolment wins (yes or no)."""
    row = conn.execute(select(MEMBER).where(MEMBER.c.id == survivor)).one()
    own = {"phone": phone, "card_no": card_no}
    fill: dict[str, Any] = {
        name: value for name, value in own.items() if value and getattr(row, name) is None
        and _holder(conn, "card" if name == "card_no" else "phone", value) == survivor}
    if consent and not row.consent:
        fill["consent"] = True
    if marketing is not None and bool(row.marketing_consent) != marketing:
        fill["marketing_consent"] = marketing
    if fill:
        conn.execute(update(MEMBER).where(MEMBER.c.id == survivor).values(**fill))


def tag(conn: Connection, device: DeviceInfo, ev: EventIn, p: MemberTaggedPayload) -> str:
    """A guide's tag, kept once, on the surviving member; '' or a conflict reason. Only on
    a member of the store's region: a tag must not pull another store's member in."""
    member_id = resolve(conn, p.id)
    if member_id is None:
        return f"member_unknown: tag for member {p.id}, unknown at HQ"
    if device.store_id not in region(conn, member_id):
        raise ConflictError(f"member_not_in_store: member {member_id} is not in the region "
                            f"of store {device.store_id}; tag not applied")
    raw = conn.execute(select(MEMBER.c.tags).where(MEMBER.c.id == member_id)).scalar_one()
    tags = json.loads(raw or "[]")
    if p.tag not in tags:
        conn.execute(update(MEMBER).where(MEMBER.c.id == member_id).values(
            tags=json.dumps([*tags, p.tag], ensure_ascii=False), updated_at=m.utcnow()))
    publish(conn, member_id, {device.store_id})  # settles the till's pending local row
    return ""


def purchases(conn: Connection, member_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The member's sales at every store, newest first (merged ids resolve first)."""
    survivor = resolve(conn, member_id)
    if survivor is None:
        return []
    store = m.Store.__table__
    rows = conn.execute(
        select(SALE.c.id, SALE.c.receipt_no, SALE.c.created_at, SALE.c.total,
               store.c.name.label("store_name"))
        .join(store, store.c.id == SALE.c.store_id)
        .where(SALE.c.member_id == survivor)
        .order_by(SALE.c.created_at.desc(), SALE.c.id).limit(limit)).all()
    return [{"sale_id": r.id, "receipt_no": r.receipt_no, "store_name": r.store_name,
             "created_at": _utc(r.created_at).isoformat(), "total": int(r.total)}
            for r in rows]
