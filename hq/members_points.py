"""The points ledger at HQ (PRODUCT §4): earning, redeeming and returns for member sales.

Runs inside the pushing event's SAVEPOINT with the sale or return it belongs to.

Points never go negative. Two tills offline can each spend the same last-known balance; HQ
takes what the balance covers as `redeemed` and records the rest as `debt`: a separate,
flagged figure (`member.points_debt`, answered `conflict` with `points_overdrawn: …`, listed
in the manager's exceptions). A return that takes back earned points already spent does the
same. Debt is never silently netted against later earnings: a member must not see points
vanish without a person deciding so, and the manager needs the figure intact to follow up.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, func, insert, select, update

from hq import members
from hq import models as m
from hq.auth import DeviceInfo
from sync.contract.envelope import EventIn
from sync.contract.events_returns import ReturnPayload
from sync.contract.events_sale import SalePayload

MEMBER = m.Member.__table__
LEDGER = m.PointsLedger.__table__
SALE = m.Sale.__table__
OVERDRAWN = "points_overdrawn"
DEBT = "debt"


def _take(balance: int, wanted: int) -> tuple[int, int]:
    """(covered, debt): how much of `wanted` the balance pays and how much it cannot."""
    covered = min(wanted, max(balance, 0))
    return covered, wanted - covered


def apply_sale(conn: Connection, device: DeviceInfo, ev: EventIn, p: SalePayload,
               member_id: str | None, earned: int) -> str:
    """Ledger entries, balance, spend and tier for a stored member sale; '' or a conflict
    reason (the sale stays stored either way). `earned` is HQ's figure (hq.value), not
    necessarily the till's."""
    if member_id is None:
        return f"member_unknown: sale {p.receipt_no} names member {p.member_id}, unknown at HQ"
    balance = int(conn.execute(
        select(MEMBER.c.points_balance).where(MEMBER.c.id == member_id).with_for_update()
    ).scalar_one())
    covered, debt = _take(balance, p.points_redeemed)
    base = {"member_id": member_id, "sale_id": p.id, "event_id": ev.event_id,
            "created_at": m.utcnow()}
    entries = [{**base, "delta": delta, "reason": reason} for delta, reason in (
        (-covered, "redeemed"), (-debt, DEBT), (earned, "earned")) if delta]
    if entries:
        conn.execute(insert(LEDGER), entries)
    after = balance - covered + earned
    conn.execute(update(MEMBER).where(MEMBER.c.id == member_id).values(
        points_balance=after, points_debt=MEMBER.c.points_debt + debt,
        lifetime_spend=MEMBER.c.lifetime_spend + p.total))
    members.retier(conn, member_id)
    members.publish(conn, member_id, {device.store_id})
    if debt:
        return (f"{OVERDRAWN}: member {member_id} redeemed {p.points_redeemed} on "
                f"receipt {p.receipt_no} with {balance} at HQ; {debt} not covered, "
                f"recorded as debt; balance now {after}")
    return ""


def apply_return(conn: Connection, device: DeviceInfo, ev: EventIn, p: ReturnPayload,
                 member_id: str | None, reversed_: int, refunded: int) -> str:
    """A member's return: earned points taken back (`reversed`), redeemed points given back
    (`refunded`), spend reduced by the refund. `member_id` is the sale's member at HQ
    (after merges), never the payload's; the figures are HQ's (hq.value_returns). Points to
    take back that the balance no longer holds (already spent) become debt, flagged like an
    overdraft."""
    if member_id is None:
        return f"member_unknown: return {p.return_no} names member {p.member_id}, unknown at HQ"
    row = conn.execute(select(MEMBER.c.points_balance, MEMBER.c.lifetime_spend)
                       .where(MEMBER.c.id == member_id).with_for_update()).one()
    balance = int(row.points_balance) + refunded
    covered, debt = _take(balance, reversed_)
    base = {"member_id": member_id, "sale_id": p.sale_id, "return_id": p.id,
            "event_id": ev.event_id, "created_at": m.utcnow()}
    entries = [{**base, "delta": delta, "reason": reason} for delta, reason in (
        (refunded, "refunded"), (-covered, "reversed"), (-debt, DEBT)) if delta]
    if entries:
        conn.execute(insert(LEDGER), entries)
    conn.execute(update(MEMBER).where(MEMBER.c.id == member_id).values(
        points_balance=balance - covered, points_debt=MEMBER.c.points_debt + debt,
        lifetime_spend=max(0, int(row.lifetime_spend) - p.refund_total)))
    members.retier(conn, member_id)
    members.publish(conn, member_id, {device.store_id})
    if debt:
        return (f"{OVERDRAWN}: return {p.return_no} takes back {reversed_} points "
                f"from member {member_id}, {debt} already spent, recorded as debt")
    return ""


def _ledger_sum(conn: Connection, member_id: str, *where: ColumnElement[bool]) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(LEDGER.c.delta), 0)).where(
        LEDGER.c.member_id == member_id, *where)).scalar_one())


def ledger_balance(conn: Connection, member_id: str) -> int:
    """The balance the ledger says (every entry but debt); equals member.points_balance."""
    return _ledger_sum(conn, member_id, LEDGER.c.reason != DEBT)


def ledger_debt(conn: Connection, member_id: str) -> int:
    """The points the member owes (positive); equals member.points_debt."""
    return -_ledger_sum(conn, member_id, LEDGER.c.reason == DEBT)
