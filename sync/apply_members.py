"""The `members` stream into the terminal's member tables, inside the puller's page
transaction (docs/sync.md §Members).

- An upsert writes HQ's member (name, identity, tier, tags, HQ's points balance and flagged
  debt) with `provisional = False`, and replaces its identifiers and open coupons with HQ's
  lists. HQ owns phone, card and identifier values: a local member holding one HQ gives to
  another id loses it (HQ will merge or has merged it; its redirect follows). A member with
  pending outbox events (`member.enrolled`, `member.tagged` …) is skipped: HQ republishes it
  once they arrive.
- A tombstone carries `{"merged_into": new_id}` (sync.apply_members_merge): sales, points
  entries, identifiers and coupons move to the survivor, the old row keeps its id with
  `merged_into` set, its phone/card cleared, and it leaves the name search.
- Points: an upsert brings HQ's authoritative balance; the member's local `points_entry`
  rows whose sale/return event is no longer pending in the outbox are then `confirmed`.
- Name search: new and renamed members are indexed (`local_db.member_index`) in the page's
  transaction — except, after a first download began, members above the bulk build's
  watermark, which `local_db.member_bulk_index` indexes once after the stream.

Why per page in bulk: a first download brings a million members. Row by row it was ~10
freshly built statements and 2-3 ms a member (35+ minutes); here a page of 2,000 is a
handful of executemany statements on one compiled statement each, and the result is the
same as applying the page's rows one after the other (tests/sync/test_members_bulk.py):
within a page the last row wanting a phone, card or identifier gets it, as it would have
taken it from the earlier ones.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from kernel.sqlite import driver_of
from local_db.ids import utcnow
from local_db.member_index import index_members, unindex_member, watermark
from local_db.models import MemberCoupon
from local_db.uow import note_table_write
from sync.apply_members_merge import finish, redirect
from sync.contract.envelope import Change
from sync.contract.streams_members import MemberData, MemberRedirect
from sync.member_rows import Row, rows_of

_C: Table = MemberCoupon.__table__  # type: ignore[assignment]
_OWNED = ("name", "phone", "card_no", "birthday", "gender", "tier", "tags", "home_store_id",
          "owner_guide_id", "enrolled_by", "consent", "marketing_consent", "points_balance",
          "points_debt",
          "provisional", "merged_into", "created_at", "updated_at")
_COUPON = insert(_C)
_COUPON = _COUPON.on_conflict_do_update(
    index_elements=["id"], set_={c.name: _COUPON.excluded[c.name] for c in _C.columns
                                 if c.name != "id"})


# A page's statements run on the driver connection under `conn` (same transaction), with
# the page's keys as ONE JSON parameter (`IN (SELECT value FROM json_each(?))`) rather than
# SQLAlchemy expanding hundreds of bound values per statement.


def _in(items: list[str] | set[str]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


_EACH = "(SELECT value FROM json_each(?))"


def _pending(conn: Connection, keys: list[str]) -> set[str]:
    return {key for (key,) in driver_of(conn).execute(
        f"SELECT entity_id FROM outbox_event WHERE status = 'pending' AND entity_id IN {_EACH}",
        (_in(keys),))}


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _free(conn: Connection, column: str, owner: dict[str, str]) -> None:
    """Clear `column` on every local member holding a value HQ gives to another id."""
    raw = driver_of(conn)
    clashes = [(rid,) for rid, value in raw.execute(
        f"SELECT id, {column} FROM member WHERE {column} IN {_EACH}", (_in(owner),))
        if owner[value] != rid]
    if clashes:
        raw.executemany(f"UPDATE member SET {column} = NULL WHERE id = ?", clashes)


def _free_identifiers(conn: Connection, owner: dict[tuple[str, str], str]) -> None:
    by_kind: dict[str, list[str]] = {}
    for kind, value in owner:
        by_kind.setdefault(kind, []).append(value)
    raw = driver_of(conn)
    gone = [(iid,) for kind, values in by_kind.items() for iid, value, member_id in raw.execute(
        f"SELECT id, value, member_id FROM member_identifier WHERE kind = ? AND value IN {_EACH}",
        (kind, _in(values))) if owner[(kind, value)] != member_id]
    if gone:
        raw.executemany("DELETE FROM member_identifier WHERE id = ?", gone)


_COLUMNS = ("id", "name", "phone", "card_no", "birthday", "gender", "tier", "tags",
            "home_store_id", "owner_guide_id", "enrolled_by", "consent", "marketing_consent",
            "points_balance", "points_debt", "provisional", "merged_into", "created_at",
            "updated_at")
# The members' upsert on the DBAPI connection (same transaction): SQLAlchemy's per-row
# parameter processing cost more than SQLite's work for a page of 2,000.
_UPSERT_SQL = (
    f"INSERT INTO member ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _OWNED))
_INSERT_SQL = (  # a member certainly new (`_insert_new`): a clash is an IntegrityError
    f"INSERT INTO member ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})")
_IDENT_SQL = "INSERT INTO member_identifier (id, member_id, kind, value) VALUES (?, ?, ?, ?)"


def _stored(value: str) -> str:
    """An ISO-8601 stamp as SQLAlchemy's SQLite DateTime stores it (naive, microseconds)."""
    return f"{datetime.fromisoformat(value):%Y-%m-%d %H:%M:%S.%f}"


def _values(rows: list[Row], phones: dict[str, str] | None, cards: dict[str, str] | None
            ) -> list[tuple[Any, ...]]:
    """The upsert's parameters, built per page: a stamp or tag list shared by many members
    (members enrolled the same day, no tags) is converted once. `phones`/`cards`: who gets
    each value (None: every row keeps its own, `_insert_new`); an empty one is stored NULL."""
    now = f"{utcnow():%Y-%m-%d %H:%M:%S.%f}"
    stamps: dict[str, str] = {}
    out = []
    for row in rows:
        rid, phone, card, created = row["id"], row["phone"], row["card_no"], row["created_at"]
        stamp = stamps.get(created)
        if stamp is None:
            stamp = stamps[created] = _stored(created)
        if phones is not None and phone and phones[phone] != rid:
            phone = None
        if cards is not None and card and cards[card] != rid:
            card = None
        out.append((
            rid, row["name"], phone or None, card or None,
            row["birthday"], row["gender"], row["tier"],
            json.dumps(row["tags"], ensure_ascii=False) if row["tags"] else "[]",
            row["home_store_id"], row["owner_guide_id"], row["enrolled_by"],
            int(row["consent"]), int(row["marketing_consent"]), row["points_balance"],
            row["points_debt"], 0, None, stamp, now))
    return out


def _new_ids(count: int) -> list[str]:
    """`count` UUIDv7 strings (local_db.ids' kind: time-ordered) from one clock reading: a
    first download makes two million identifier ids. Random bits drawn once a call, the
    last 48 a counter from a random start (RFC 9562 §6.2's monotonic method), so one format
    an id and the ids of a call ascend (their index takes them in order)."""
    ms = f"{time.time_ns() // 1_000_000:012x}"
    noise = os.urandom(7).hex()  # rand_a (3 hex), rand_b's top (1 + 3), the start (7)
    variant = "89ab"[int(noise[6], 16) & 3]  # RFC 4122 variant: 10xx
    head = f"{ms[:8]}-{ms[8:]}-7{noise[:3]}-{variant}{noise[3:6]}-"
    first = int(noise[7:14], 16) << 20  # 28 random bits, then room for 2^20 ids below 2^48
    return [f"{head}{k:012x}" for k in range(first, first + count)]


def _insert_new(conn: Connection, rows: list[Row]) -> bool:
    """A page of members none of which is here, and whose phones, cards and identifiers
    nobody here holds (a first download's pages): plain INSERTs, without the look-ups the
    general path makes for clashes (~20 ms of CPU a page of 2,000). False, and nothing
    written, when that does not hold: the schema's own unique keys (member id, phone,
    card_no; identifier kind + value) refuse the first row that clashes, inside a
    savepoint, and the page goes the general way (`_write`).

    The result is the general path's when no key clashes: no member held before (so no
    identifiers or coupons to replace, no rename), nothing to free, every identifier kept;
    their name index is the one index_members writes, except while a first download's bulk
    build is pending (a new member's rowid is above its watermark: the build indexes it)."""
    raw = driver_of(conn)
    raw.execute("SAVEPOINT members_new")
    try:
        raw.executemany(_INSERT_SQL, _values(rows, None, None))
        idents = [(row["id"], i["kind"], i["value"]) for row in rows for i in row["identifiers"]]
        raw.executemany(_IDENT_SQL, [(iid, *ident) for iid, ident in zip(
            _new_ids(len(idents)), idents, strict=True)])
    except sqlite3.IntegrityError:
        raw.execute("ROLLBACK TO members_new")
        raw.execute("RELEASE members_new")
        return False
    raw.execute("RELEASE members_new")
    _coupons(conn, rows)
    if watermark(conn) is None:
        index_members(conn, [(row["id"], row["name"]) for row in rows])
    return True


def _coupons(conn: Connection, rows: list[Row]) -> None:
    coupons = [{**c, "member_id": row["id"], "valid_from": _dt(c["valid_from"]),
                "valid_until": _dt(c["valid_until"])} for row in rows for c in row["coupons"]]
    if coupons:  # a coupon HQ moved here from a merged member moves with it
        conn.execute(_COUPON, coupons)


def _write(conn: Connection, rows: list[Row]) -> None:
    """Upsert a page of distinct members, their identifiers, coupons and name index."""
    if _insert_new(conn, rows):
        return
    ids = _in([row["id"] for row in rows])
    raw = driver_of(conn)
    before = {rid: (name, merged) for rid, name, merged in raw.execute(
        f"SELECT id, name, merged_into FROM member WHERE id IN {_EACH}", (ids,))}
    phones = {row["phone"]: row["id"] for row in rows if row["phone"]}  # the last one wins
    cards = {row["card_no"]: row["id"] for row in rows if row["card_no"]}
    idents = {(i["kind"], i["value"]): row["id"] for row in rows for i in row["identifiers"]}
    _free(conn, "phone", phones)
    _free(conn, "card_no", cards)
    _free_identifiers(conn, idents)
    raw.executemany(_UPSERT_SQL, _values(rows, phones, cards))
    if before:  # only members already here can have identifiers or coupons (foreign keys)
        held = _in(list(before))
        raw.execute(f"DELETE FROM member_identifier WHERE member_id IN {_EACH}", (held,))
        raw.execute(f"DELETE FROM member_coupon WHERE member_id IN {_EACH}", (held,))
    kept = [(row["id"], i["kind"], i["value"]) for row in rows for i in row["identifiers"]
            if idents[(i["kind"], i["value"])] == row["id"]]
    raw.executemany(_IDENT_SQL, [(iid, *ident) for iid, ident in zip(
        _new_ids(len(kept)), kept, strict=True)])
    _coupons(conn, rows)
    named = [(row["id"], row["name"]) for row in rows]
    renamed = [(rid, before[rid][0]) for rid, name in named if rid in before
               and before[rid][1] is None and before[rid][0] != name]
    for member_id, old_name in renamed:  # rare: a name changed at HQ
        unindex_member(conn, member_id, old_name)
    index_members(conn, [(rid, name) for rid, name in named if rid not in before
                         or before[rid][1] is not None or before[rid][0] != name])


def apply_members(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, skipped_pending). A row that is not a MemberData
    fails the page with PosError hq_bad_response naming it (sync.member_rows); a bad
    MemberRedirect raises ValidationError, which the puller answers the same way."""
    latest = {change.key: change for change in changes}
    if len(latest) != len(changes):  # a key twice: its last copy, in last copies' order
        latest = {}
        for change in changes:
            latest.pop(change.key, None)
            latest[change.key] = change
    redirects = [(key, MemberRedirect.model_validate(change.data or {}).merged_into)
                 for key, change in latest.items() if change.op == "delete"]
    # the page's rows as dicts, validated as it was parsed or here (sync.member_rows)
    upserts = rows_of([(key, change) for key, change in latest.items()
                       if change.op != "delete"])
    written = _upsert_all(session, upserts)
    conn = session.connection()
    applied = len(written)
    for old_id, new_id in redirects:
        applied += redirect(conn, old_id, new_id)
    finish(conn, written)
    return applied, len(upserts) - len(written)


def _upsert_all(session: Session, rows: list[Row]) -> list[str]:
    """Write HQ's rows, except members with pending local events (HQ republishes them once
    it has those events); returns the ids written. A member twice in `rows` is written
    once, as its last copy (the stream's pages are deduplicated by key before this)."""
    conn = session.connection()
    ids = [row["id"] for row in rows]
    blocked = _pending(conn, ids)
    if blocked or len(set(ids)) != len(ids):
        distinct: dict[str, Row] = {}
        for row in rows:
            if row["id"] not in blocked:
                distinct.pop(row["id"], None)
                distinct[row["id"]] = row
        rows, ids = list(distinct.values()), list(distinct)
    if rows:  # the usual page: every row, in order
        _write(conn, rows)
        # written on the DBAPI connection, below the unit of work's statement hook: noted
        # here, so the sale screen hears that HQ confirmed or changed a member
        note_table_write(session, "member", insert=True)
    return ids


def cache_members(session: Session, rows: list[MemberData]) -> list[str]:
    """Keep members HQ's online search returned (PRODUCT §4: "plus recent ones"), so the
    next look-up of the same customer works offline. A member with pending local events is
    left as it is (HQ will republish it). Returns the ids now held."""
    live = [row for row in rows if row.merged_into is None]
    finish(session.connection(), _upsert_all(session, [row.model_dump() for row in live]))
    return [row.id for row in live]
