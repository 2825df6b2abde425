"""HQ's apply of the till's guide KPI events (issue 19): a line re-attributed, a target set.

A re-attribution names a line of a sale of the pushing device's store (else a conflict: HQ
never credits another store's line); its row is kept under the till's attribution id, so a
replay changes nothing. A target is the latest one per (store, guide, month) by `set_at`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select

from hq import models as m
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from sync.contract.envelope import EventIn
from sync.contract.events_kpis import GuideTargetSetPayload, LineReattributedPayload

ATTR, TARGET = m.LineAttribution.__table__, m.GuideTarget.__table__
SALE, LINE = m.Sale.__table__, m.SaleLine.__table__


def apply_reattributed(conn: Connection, device: DeviceInfo, ev: EventIn,
                       p: LineReattributedPayload) -> None:
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


def _aware(at: datetime) -> datetime:
    """SQLite hands HQ's UTC columns back naive."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)
