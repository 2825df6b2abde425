"""HQ's apply of the till's guide KPI events (issue 19): a line re-attributed, a target set.

A re-attribution names a line of a sale of the pushing device's store (else a conflict: HQ
never credits another store's line); its row is kept under the till's attribution id, so a
replay changes nothing. A target is the latest one per (store, guide, month) by `set_at`.
Both are a manager's decision: the one who made it (`by`, `set_by`) must be an active manager
of the device's store, and the guide one of its staff (hq.store_staff), else a conflict and
nothing is applied: HQ trusts who the till is, not whom its payload names.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select

from hq import models as m
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from hq.store_staff import is_manager, is_staff
from sync.contract.envelope import EventIn
from sync.contract.events_kpis import GuideTargetSetPayload, LineReattributedPayload

ATTR, TARGET = m.LineAttribution.__table__, m.GuideTarget.__table__
SALE, LINE = m.Sale.__table__, m.SaleLine.__table__


def apply_reattributed(conn: Connection, device: DeviceInfo, ev: EventIn,
                       p: LineReattributedPayload) -> None:
    _check_people(conn, device, p.by, p.guide_id, f"re-attribution {p.attribution_id}")
    line = conn.execute(
        select(LINE.c.id).select_from(LINE.join(SALE, SALE.c.id == LINE.c.sale_id))
        .where(LINE.c.id == p.sale_line_id, SALE.c.id == p.sale_id,
               SALE.c.store_id == device.store_id)).first()
    if line is None:
        raise ConflictError(f"sale line {p.sale_line_id} of sale {p.sale_id} is not a line "
                            "of this store that HQ holds")
    if conn.execute(select(ATTR.c.id).where(ATTR.c.id == p.attribution_id)).first():
        return None
    conn.execute(ATTR.insert().values(
        id=p.attribution_id, event_id=ev.event_id, store_id=device.store_id,
        terminal_id=device.terminal_id, sale_id=p.sale_id, sale_line_id=p.sale_line_id,
        guide_id=p.guide_id, from_guide_id=p.from_guide_id, by=p.by, asked_by=p.asked_by,
        at=p.at, reason=p.reason))
    return None


def apply_target_set(conn: Connection, device: DeviceInfo, ev: EventIn,
                     p: GuideTargetSetPayload) -> None:
    _check_people(conn, device, p.set_by, p.guide_id, f"target of {p.month}")
    key = (TARGET.c.store_id == device.store_id, TARGET.c.guide_id == p.guide_id,
           TARGET.c.month == p.month)
    have = conn.execute(select(TARGET.c.set_at).where(*key)).first()
    values = {"net_sales_target": p.net_sales_target, "set_by": p.set_by, "set_at": p.set_at}
    if have is None:
        conn.execute(TARGET.insert().values(store_id=device.store_id, guide_id=p.guide_id,
                                            month=p.month, **values))
    elif _aware(have.set_at) <= p.set_at:
        conn.execute(TARGET.update().where(*key).values(**values))
    return None


def _check_people(conn: Connection, device: DeviceInfo, manager: str, guide: str,
                  what: str) -> None:
    """'' as the guide is 'no guide' (a line taken off everyone), always allowed."""
    if not is_manager(conn, manager, device.store_id):
        raise ConflictError(f"approval_invalid: {what}: {manager} is not an active manager "
                            "of this store")
    if guide and not is_staff(conn, guide, device.store_id):
        raise ConflictError(f"guide_unknown: {what}: {guide} is not staff of this store")


def _aware(at: datetime) -> datetime:
    """SQLite hands HQ's UTC columns back naive."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)
