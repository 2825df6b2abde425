"""The members stream applied ONE ROW AT A TIME: sync/apply_members.py as it was before it
went per page in bulk (issue 15), kept as the reference the bulk apply must equal
(tests/sync/test_members_bulk.py). Not used by the app."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Table, delete, exists, or_, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from local_db.ids import new_id as make_id
from local_db.ids import utcnow
from local_db.member_index import index_member, unindex_member
from local_db.models import (
    Member,
    MemberCoupon,
    MemberIdentifier,
    OutboxEvent,
    PointsEntry,
    Sale,
)
from sync.contract.envelope import Change
from sync.contract.streams_members import MemberData, MemberRedirect

_M: Table = Member.__table__  # type: ignore[assignment]
_I: Table = MemberIdentifier.__table__  # type: ignore[assignment]
_PE: Table = PointsEntry.__table__  # type: ignore[assignment]
_S: Table = Sale.__table__  # type: ignore[assignment]
_C: Table = MemberCoupon.__table__  # type: ignore[assignment]
_OWNED = ("name", "phone", "card_no", "birthday", "gender", "tier", "tags", "home_store_id",
          "owner_guide_id", "enrolled_by", "consent", "marketing_consent", "points_balance",
          "points_debt",
          "provisional", "merged_into", "created_at", "updated_at")


def _pending(session: Session, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(session.connection().execute(
        select(OutboxEvent.entity_id).where(OutboxEvent.status == "pending",
                                            OutboxEvent.entity_id.in_(keys))).scalars())


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _take_identity(conn: Connection, row: MemberData) -> None:
    """Free phone, card and identifiers HQ gives to `row` from any other local member."""
    for column, value in (("phone", row.phone), ("card_no", row.card_no)):
        if value:
            conn.execute(update(_M).where(_M.c[column] == value, _M.c.id != row.id)
                         .values({column: None}))
    for ident in row.identifiers:
        conn.execute(delete(_I).where(_I.c.kind == ident.kind, _I.c.value == ident.value,
                                      _I.c.member_id != row.id))


def _upsert(conn: Connection, row: MemberData) -> None:
    before = conn.execute(select(_M.c.name, _M.c.merged_into).where(_M.c.id == row.id)).first()
    _take_identity(conn, row)
    values = {
        "id": row.id, "name": row.name, "phone": row.phone, "card_no": row.card_no,
        "birthday": row.birthday, "gender": row.gender, "tier": row.tier,
        "tags": json.dumps(row.tags, ensure_ascii=False), "home_store_id": row.home_store_id,
        "owner_guide_id": row.owner_guide_id, "enrolled_by": row.enrolled_by,
        "consent": row.consent, "marketing_consent": row.marketing_consent,
        "points_balance": row.points_balance,
        "points_debt": row.points_debt, "provisional": False,
        "merged_into": None, "created_at": _dt(row.created_at), "updated_at": utcnow(),
    }
    stmt = insert(_M)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["id"], set_={c: stmt.excluded[c] for c in _OWNED}), values)
    conn.execute(delete(_I).where(_I.c.member_id == row.id))
    if row.identifiers:
        conn.execute(insert(_I), [{"id": make_id(), "member_id": row.id, "kind": i.kind,
                                   "value": i.value} for i in row.identifiers])
    conn.execute(delete(_C).where(_C.c.member_id == row.id))
    if row.coupons:  # a coupon HQ moved here from a merged member moves with it
        stmt = insert(_C)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["id"], set_={c.name: stmt.excluded[c.name] for c in _C.columns
                                         if c.name != "id"}), [{
            **c.model_dump(exclude={"valid_from", "valid_until"}), "member_id": row.id,
            "valid_from": _dt(c.valid_from), "valid_until": _dt(c.valid_until)}
            for c in row.coupons])
    if before is not None and before.merged_into is None and before.name != row.name:
        unindex_member(conn, row.id, before.name)
    if before is None or before.merged_into is not None or before.name != row.name:
        index_member(conn, row.id, row.name)


def _move_references(conn: Connection, old_id: str, new_id: str) -> None:
    params = {"member_id": new_id}
    conn.execute(update(_S).where(_S.c.member_id == old_id).values(params))
    conn.execute(update(_PE).where(_PE.c.member_id == old_id).values(params))
    conn.execute(update(_I).where(_I.c.member_id == old_id).values(params))
    conn.execute(update(_C).where(_C.c.member_id == old_id).values(params))
    conn.execute(update(_M).where(_M.c.merged_into == old_id).values(merged_into=new_id))


def _redirect(conn: Connection, old_id: str, new_id: str) -> bool:
    """Apply HQ's merge old → new; False when the old id is not here (nothing to do)."""
    old = conn.execute(select(_M.c.name, _M.c.merged_into).where(_M.c.id == old_id)).first()
    survivor_here = conn.execute(select(_M.c.id).where(_M.c.id == new_id)).first() is not None
    if old is None:
        return False
    if old.merged_into is None:
        unindex_member(conn, old_id, old.name)
    conn.execute(update(_M).where(_M.c.id == old_id).values(
        phone=None, card_no=None, merged_into=new_id, updated_at=utcnow()))
    if survivor_here:
        _move_references(conn, old_id, new_id)
    return True


def apply_members(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, skipped_pending). Raises ValidationError on a row
    that is not a MemberData / MemberRedirect (the puller answers hq_bad_response)."""
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.key, None)
        latest[change.key] = change
    upserts: list[MemberData] = []
    redirects: list[tuple[str, str]] = []
    for key, change in latest.items():
        if change.op == "delete":
            redirects.append((key, MemberRedirect.model_validate(change.data or {}).merged_into))
        else:
            upserts.append(MemberData.model_validate(change.data or {}))
    written = _upsert_all(session, upserts)
    conn = session.connection()
    applied = len(written)
    for old_id, new_id in redirects:
        applied += _redirect(conn, old_id, new_id)
    _finish(conn, written)
    return applied, len(upserts) - len(written)


def _upsert_all(session: Session, rows: list[MemberData]) -> list[str]:
    """Write HQ's rows, except members with pending local events (HQ republishes them once
    it has those events); returns the ids written."""
    blocked = _pending(session, [row.id for row in rows])
    conn = session.connection()
    written = []
    for row in rows:
        if row.id not in blocked:
            _upsert(conn, row)
            written.append(row.id)
    return written


def _finish(conn: Connection, ids: list[str]) -> None:
    """After upserts: move the references of members merged into these (their survivor
    arrived only now), then confirm the points HQ's balance already counts."""
    if not ids:
        return
    late = conn.execute(select(_M.c.id, _M.c.merged_into).where(_M.c.merged_into.in_(ids))).all()
    for old_id, new_id in late:
        _move_references(conn, old_id, new_id)
    _confirm(conn, ids)


def cache_members(session: Session, rows: list[MemberData]) -> list[str]:
    """Keep members HQ's online search returned (PRODUCT §4: "plus recent ones"), so the
    next look-up of the same customer works offline. A member with pending local events is
    left as it is (HQ will republish it). Returns the ids now held."""
    live = [row for row in rows if row.merged_into is None]
    _finish(session.connection(), _upsert_all(session, live))
    return [row.id for row in live]


def _confirm(conn: Connection, member_ids: list[str]) -> None:
    """HQ's balance now includes every points entry whose sale/return event HQ has answered
    (push runs before pull): those entries stop counting as pending on top of it."""
    waiting = select(OutboxEvent.id).where(
        OutboxEvent.status == "pending",
        or_(OutboxEvent.entity_id == _PE.c.sale_id, OutboxEvent.entity_id == _PE.c.return_id))
    conn.execute(update(_PE).where(_PE.c.member_id.in_(member_ids), _PE.c.status == "pending",
                                   ~exists(waiting)).values(status="confirmed"))

