"""Helpers of the shift tests: tills on the world's database, a shift run from a list of
steps through the real till services, and the raw SQL sums a Z must agree with."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from local_db.models import Member
from local_db.uow import write_session
from pos_app.domain.shifts import Count
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.till import Till, TillServices

COLA, TEA, BAG = "6901234567892", "6920202888883", "6937654321097"  # ¥3.50, ¥5.50, ¥129
PINS = {"cashier": ("1001", "1111"), "manager": ("9001", "9999")}


def till_as(world, role: str = "cashier") -> Till:
    till = Till(TillServices.build(world.engine, world.terminal, None))
    till.sign_in(*PINS[role])
    return till


def add_member(world, balance: int) -> str:
    with write_session(world.engine) as session:
        member = Member(name="陈静", tier="regular", points_balance=balance, provisional=False)
        session.add(member)
        session.flush()
        return member.id


def pair_offline(path) -> None:
    """The till paired with an HQ it cannot reach now (a real hq_link row, nothing sent):
    its queue waits for HQ, so a close with events queued needs a manager. An unpaired
    till's events are only kept on it (tester 20 #3)."""
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO hq_link (id, hq_url, device_id, token, paired_at, ca_file, "
                 "key_pin) VALUES (1, 'http://127.0.0.1:9', 'device-1', 'file:', "
                 "'2026-01-01 00:00:00', '', '')")
    conn.commit()
    conn.close()


def mark_synced(world) -> None:
    """As if HQ had taken every queued event (a close then needs no manager for the queue)."""
    conn = sqlite3.connect(world.path)
    conn.execute("UPDATE outbox_event SET status = 'accepted' WHERE status = 'pending'")
    conn.commit()
    conn.close()


def exact_count(report) -> Count:
    """A count of the expected cash in ¥100 notes and 1-jiao coins: exact when the cash is
    whole jiao, else up to 9 fen short (no fen coins in the drawer). A drawer expected below
    zero (cash refunds beyond what it held: the till does not refuse them) counts empty."""
    cash = max(report.expected_cash, 0)
    pieces = {10000: cash // 10000, 10: (cash % 10000) // 10}
    return Count(cash={k: v for k, v in pieces.items() if v})


@dataclass
class Ledger:
    """What the test itself saw happen: the figures a Z must show."""

    sales: int = 0
    sales_total: int = 0
    returns: int = 0
    returns_total: int = 0
    tendered: Counter = field(default_factory=Counter)
    refunded: Counter = field(default_factory=Counter)
    cash_in: int = 0
    cash_out: int = 0

    def sold(self, tenders: list[Tender], done) -> None:
        self.sales += 1
        self.sales_total += done.total
        for t in tenders:
            self.tendered[str(t.kind)] += t.amount
        self.tendered["cash"] -= done.change

    def returned(self, back) -> None:
        self.returns += 1
        self.returns_total += back.refund_total
        for part in back.refunds:
            self.refunded[str(part.kind)] += part.amount

    def expected_cash(self, opening_float: int) -> int:
        return (opening_float + self.tendered["cash"] - self.refunded["cash"] + self.cash_in
                - self.cash_out)


def sell(till: Till, ledger: Ledger, codes: list[str], tenders: list[tuple[str, int | None]]):
    """Ring `codes` up and pay: an amount None is what is still due."""
    for code in codes:
        till.sale.ring(code)
    due = till.sale.totals().total
    paid = []
    for kind, amount in tenders:
        amount = max(due - sum(t.amount for t in paid), 0) if amount is None else amount
        ref = "4200001234" if kind in ("wechat", "alipay") else ""
        paid.append(Tender(TenderKind(kind), amount, ref))
    done = till.sale.complete(paid)
    ledger.sold(paid, done)
    return done


def close_exactly(till: Till, approve: bool = True):
    """Close the till's shift counting exactly what is expected, a manager approving what
    the close asks (the queue; an empty drawer that was expected below zero)."""
    from pos_app.services.shifts import ClosedShift

    preview = till.shifts.check_count(Count())
    count = exact_count(preview)
    done = till.shifts.close(count)
    if not isinstance(done, ClosedShift) and approve:
        done = till.shifts.close(count, approved_by=[
            till.approve(asked, *PINS["manager"]) for asked in till.shifts.close_needs(count)])
    return done


def raw_sums(world, shift_id: str) -> dict[str, int]:
    """The same figures by plain SQL over the shift's rows (the bench compares these too)."""
    conn = sqlite3.connect(world.path)
    try:
        one = lambda sql: conn.execute(sql, (shift_id,)).fetchone()[0] or 0  # noqa: E731
        return {
            "sales_total": one("SELECT sum(total) FROM sale WHERE shift_id = ?"),
            "returns_total": one("SELECT sum(refund_total) FROM sale_return WHERE shift_id = ?"),
            "cash": one("SELECT (SELECT coalesce(sum(t.amount), 0) FROM tender t JOIN sale s"
                        " ON s.id = t.sale_id WHERE s.shift_id = ?1 AND t.kind = 'cash')"
                        " - (SELECT coalesce(sum(change), 0) FROM sale WHERE shift_id = ?1)"),
            "cash_refunds": one("SELECT sum(r.amount) FROM refund_tender r JOIN sale_return x"
                                " ON x.id = r.return_id WHERE x.shift_id = ? AND"
                                " r.kind = 'cash'"),
        }
    finally:
        conn.close()


def dump(world) -> list[str]:
    """Every row of every table, as SQL text (what "changes no row" is checked against)."""
    conn = sqlite3.connect(world.path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
