"""HQ's guide KPI rollup (issue 19-C): per store × local day × guide, the sums
pos_app.domain.kpis.compute makes every figure of (tables: hq/models_kpi_rollup.py).

Why it is always right: a store-day's rows are never edited by arithmetic on an event; they
are `compute(Period.day(d), that day's facts)` read from the events HQ holds (the facts of
hq.kpis.queries the single-store report reads, several stores a query). A push only MARKS
the store-days its events can touch (`mark_pushed`, in the push's own transaction); a read
first rolls the marked days of its period up again (`refresh`). So replays, duplicates and
events arriving out of order end where the raw computation ends: a cache keyed by store-day.

Which days an event touches: its store (the device's; a member's home store) on the local
day of every instant in its payload and of HQ's clock (exceptions are dated by HQ), and for
a re-attributed line the day of its sale and of every return of it, at any store.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from hq import models as m
from hq.db import writer
from hq.kpis.queries import load_facts_of
from hq.policy import store_tz
from pos_app.domain.kpis import COUNTS, KpiFacts, Period, compute, local_day

DAY, DIRTY = m.KpiDay.__table__, m.KpiDirty.__table__
SALE, LINE, RET, RLINE = (m.Sale.__table__, m.SaleLine.__table__, m.SaleReturn.__table__,
                          m.ReturnLine.__table__)
STORE_ROW = "*"
CHUNK = 500


def _upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(DIRTY)
    stmt = stmt.on_conflict_do_update(index_elements=["store_id", "day"],
                                      set_={"token": stmt.excluded.token})
    conn.execute(stmt, rows)


def mark(conn: Connection, keys: Iterable[tuple[str, date]]) -> str:
    """Mark store-days to roll up again (a fresh token each time, see KpiDirty); returns
    the token."""
    token = uuid.uuid4().hex
    rows = [{"store_id": s, "day": d, "token": token} for s, d in sorted(set(keys))]
    for chunk in _chunks(rows):
        _upsert(conn, chunk)
    return token


def _instants(payload: Any) -> Iterable[datetime]:
    """Every time in a payload (top level and one list down: a sale's lines, a return's)."""
    items = payload.items() if isinstance(payload, dict) else ()
    for key, value in items:
        if isinstance(value, str) and (key == "at" or key.endswith("_at")):
            try:
                at = datetime.fromisoformat(value)
            except ValueError:
                continue
            yield at if at.tzinfo else at.replace(tzinfo=UTC)


def mark_pushed(conn: Connection, store_id: str, events: Iterable[Any],
                tz: tzinfo | None = None) -> None:
    """Mark what a pushed batch can have changed (call in the push's transaction)."""
    tz = tz or store_tz()
    keys: set[tuple[str, date]] = {(store_id, local_day(datetime.now(UTC), tz))}
    lines: set[str] = set()
    for ev in events:
        payload = getattr(ev, "payload", None) or {}
        stores = {store_id}
        home = payload.get("home_store_id")
        if isinstance(home, str) and home != store_id and conn.execute(
                select(m.Store.__table__.c.id).where(m.Store.__table__.c.id == home)).first():
            stores.add(home)  # a member enrolled here for another store counts there
        for at in _instants(payload):
            day = _day(at, tz)
            keys.update((s, day) for s in stores if day is not None)
        if getattr(ev, "type", "") == "line.reattributed" and payload.get("sale_line_id"):
            lines.add(str(payload["sale_line_id"]))
    for chunk in _chunks(sorted(lines)):
        for s, at in conn.execute(select(SALE.c.store_id, SALE.c.created_at).join(
                LINE, LINE.c.sale_id == SALE.c.id).where(LINE.c.id.in_(chunk))):
            keys.add((s, local_day(at, tz)))
        for s, at in conn.execute(select(RET.c.store_id, RET.c.created_at).join(
                RLINE, RLINE.c.return_id == RET.c.id).where(RLINE.c.sale_line_id.in_(chunk))):
            keys.add((s, local_day(at, tz)))
    mark(conn, keys)


def _day(at: datetime, tz: tzinfo) -> date | None:
    try:  # a payload's nonsense time (year 1, year 9999) marks nothing; never fails a push
        return local_day(at, tz)
    except (OverflowError, ValueError):
        return None


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _rows(store_id: str, day: date, facts: KpiFacts) -> list[dict[str, Any]]:
    kpis = compute(Period.day(day), facts, store_id)
    return [{"store_id": store_id, "day": day, "guide_id": g.guide_id,
             **{c: getattr(g, c) for c in COUNTS}}
            for g in (*kpis.guides, kpis.total)]


def roll_up(conn: Connection, store_id: str, days: Iterable[date],
            tz: tzinfo | None = None) -> int:
    """Write the rows of these days of one store from its events (replacing theirs)."""
    return roll_up_keys(conn, {(store_id, d) for d in days}, tz)


def roll_up_keys(conn: Connection, keys: Iterable[tuple[str, date]],
                 tz: tzinfo | None = None) -> int:
    """Write the rows of these store-days from the events (replacing theirs), one day at a
    time for every store marked on it (a busy day marks every store: 7 queries, not 7 per
    store); returns how many rows. Days are hq.policy.store_tz()'s unless `tz` says."""
    tz = tz or store_tz()
    per_day: dict[date, list[str]] = defaultdict(list)
    for s, d in set(keys):
        per_day[d].append(s)
    written = 0
    for d in sorted(per_day):
        for stores in _chunks(sorted(per_day[d])):
            facts = load_facts_of(conn, stores, Period.day(d), tz)
            conn.execute(delete(DAY).where(DAY.c.day == d, DAY.c.store_id.in_(stores)))
            rows = [r for s in stores for r in _rows(s, d, facts.get(s, KpiFacts()))]
            if rows:
                conn.execute(DAY.insert(), rows)
            written += len(rows)
    return written


def refresh(conn: Connection, period: Period, stores: Iterable[str] | None = None) -> int:
    """Roll up again the marked store-days of `period` (of `stores`, else every store); the
    mark goes only if no push re-marked the day meanwhile. Returns the store-days done."""
    where = [DIRTY.c.day >= period.start, DIRTY.c.day <= period.end]
    if stores is not None:
        where.append(DIRTY.c.store_id.in_(list(stores)))
    marked = conn.execute(select(DIRTY.c.store_id, DIRTY.c.day, DIRTY.c.token)
                          .where(*where)).all()
    roll_up_keys(conn, {(s, _as_date(d)) for s, d, _token in marked})
    for chunk in _chunks(marked):
        conn.execute(delete(DIRTY).where(or_(*(and_(
            DIRTY.c.store_id == s, DIRTY.c.day == _as_date(d), DIRTY.c.token == t)
            for s, d, t in chunk))))
    return len(marked)


def rebuild(engine: Engine, stores: Iterable[str] | None = None) -> tuple[int, int]:
    """`shopfloor-hq admin kpis-rebuild`: mark every day of every store (or of `stores`)
    that holds events, then roll them all up, a day of every store per transaction.
    Idempotent: run twice, the same rows. Returns (store-days, rows)."""
    with writer(engine).begin() as conn:
        wanted = None if stores is None else set(stores)
        keys = {k for k in _history(conn) if wanted is None or k[0] in wanted}
        keys |= {(s, _as_date(d)) for s, d in conn.execute(
            select(DAY.c.store_id, DAY.c.day).distinct())
            if wanted is None or s in wanted}
        token = mark(conn, keys)
    per_day: dict[date, set[str]] = defaultdict(set)
    for s, d in keys:
        per_day[d].add(s)
    rows = 0
    for d in sorted(per_day):  # a day of every store per transaction
        with writer(engine).begin() as conn:
            rows += roll_up_keys(conn, {(s, d) for s in per_day[d]})
            conn.execute(delete(DIRTY).where(DIRTY.c.day == d, DIRTY.c.token == token))
    return len(keys), rows


def _history(conn: Connection, tz: tzinfo | None = None) -> set[tuple[str, date]]:
    """Every (store, local day) HQ holds a KPI fact on."""
    tz = tz or store_tz()
    override, term = m.OverrideApproval.__table__, m.Terminal.__table__
    exc, dev = m.SyncException.__table__, m.Device.__table__
    red, member = m.CouponRedemption.__table__, m.Member.__table__
    sources = (
        select(SALE.c.store_id, SALE.c.created_at),
        select(RET.c.store_id, RET.c.created_at),
        select(red.c.store_id, red.c.redeemed_at),
        select(member.c.home_store_id, member.c.created_at).where(
            member.c.home_store_id.is_not(None)),
        select(override.c.store_id, override.c.at),
        select(term.c.store_id, exc.c.created_at).join(dev, dev.c.id == exc.c.device_id)
        .join(term, term.c.id == dev.c.terminal_id),
    )
    keys: set[tuple[str, date]] = set()
    for q in sources:
        keys.update((s, local_day(at, tz)) for s, at in conn.execute(q) if s and at)
    return keys


def _as_date(d: Any) -> date:
    return d if isinstance(d, date) else date.fromisoformat(str(d)[:10])


__all__ = ["mark", "mark_pushed", "rebuild", "refresh", "roll_up"]
