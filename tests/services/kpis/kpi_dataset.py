"""A fixed KPI data set, built through the real till services on a till paired with a real
HQ, and its expected figures written out by hand (EXPECTED_*, literals: fen and counts).

Two periods: EARLIER (one day 40 days back: sales rung with the checkout's clock set there)
and NOW (today, the real clock: sales, returns, an enrolment, an override). It holds a
return of an earlier period's sale, a split tender, a sale shared by two guides, a sale with
no guide, a re-attributed line, a member's sale with points, a manager's approval.
Coupons and gifts are not in it yet (their arithmetic is checked on literal facts in
tests/domain/kpis/).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hq import admin
from pos_app.domain.kpis import Period, local_day
from pos_app.domain.permissions import Action
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.checkout import CheckoutService
from pos_app.services.till import Till, TillServices
from tests.sync.hq_world import PairedTill, paired_till, seed_hq

COLA, TEA = "6901234567892", "6920202888883"  # ¥3.50, ¥5.50
GUIDE_A = ("2001", "王芳", "guide", "2222")
GUIDE_B = ("2002", "赵敏", "guide", "3333")
MANAGER = ("9001", "张伟", "manager", "9999")
CASHIER_PIN = ("1001", "1111")


@dataclass
class KpiWorld:
    paired: PairedTill
    guide_a: str
    guide_b: str
    manager: str
    earlier: Period
    now: Period
    sale_ids: dict[str, str]

    def till(self, code: str, pin: str, clock: datetime | None = None) -> Till:
        services = TillServices.build(self.paired.engine, self.paired.terminal, None)
        if clock is not None:  # the same checkout, its clock set back
            services.checkout = CheckoutService(
                self.paired.engine, self.paired.terminal, services.catalog,
                clock=lambda: clock, units_service=services.units, pricing=services.pricing)
        till = Till(services)
        till.sign_in(code, pin)
        return till


def build(hq, tmp: Path) -> KpiWorld:
    seed_hq(hq, tmp)
    for row in (GUIDE_A, GUIDE_B, MANAGER):
        admin.create_staff(hq.engine, "S01", *row)
    paired = paired_till(hq, tmp, "T01")
    back = datetime.now(UTC).replace(hour=4, minute=0, second=0, microsecond=0) \
        - timedelta(days=40)
    staff = {s.code: s.id for s in TillServices.build(paired.engine, paired.terminal, None)
             .auth.staff_list()}
    world = KpiWorld(paired, staff["2001"], staff["2002"], staff["9001"],
                     Period.day(local_day(back)), Period.day(local_day(datetime.now(UTC))), {})
    ids = world.sale_ids

    # EARLIER: S1, guide A: 2 cola + 1 tea = 1250
    a_then = world.till("2001", "2222", clock=back)
    a_then.sale.ring(COLA, 2)
    a_then.sale.ring(TEA)
    ids["S1"] = a_then.sale.complete([Tender(TenderKind.CASH, 1250)]).receipt_no

    # NOW
    a = world.till("2001", "2222")
    member = a.members.enroll("陈静", "13812345678")  # enrolled by guide A
    a.members.attach(member)
    a.sale.ring(COLA, 3)  # 1050, split: card 500 + cash 550; member: 10 points
    ids["S2"] = a.sale.complete([Tender(TenderKind.CARD, 500),
                                 Tender(TenderKind.CASH, 550)]).receipt_no
    cola = a.sale.ring(COLA)  # S3: cola credited to B, tea to A
    a.sale.set_line_guide(cola.line_id, world.guide_b)
    a.sale.ring(TEA)
    ids["S3"] = a.sale.complete([Tender(TenderKind.CASH, 900)]).receipt_no
    a.approve(Action.REFUND_TO_CASH, MANAGER[0], MANAGER[3])  # an override asked by A

    cashier = world.till(*CASHIER_PIN)  # S4: no guide
    cashier.sale.ring(COLA)
    ids["S4"] = cashier.sale.complete([Tender(TenderKind.CASH, 350)]).receipt_no

    b = world.till("2002", "3333")  # S5: guide B, then the tea re-attributed to A
    b.sale.ring(COLA)
    b.sale.ring(TEA)
    ids["S5"] = b.sale.complete([Tender(TenderKind.CASH, 900)]).receipt_no
    m = world.till("9001", "9999")
    tea = next(ln for ln in m.kpis.sold_lines(ids["S5"]) if ln.net == 550)
    m.kpis.reattribute(m.staff, tea.sale_line_id, world.guide_a, "A served the customer")

    # returns NOW: S1's tea (an earlier period's sale) and one cola of S2, both A's
    for receipt, name in ((ids["S1"], "东方树叶"), (ids["S2"], "可口可乐")):
        sale = m.returns.find_sale(receipt)
        line = next(ln for ln in sale.lines if ln.name.startswith(name))
        m.returns.complete(receipt, {line.sale_line_id: 1})
    m.kpis.set_target(m.staff, world.guide_a, world.now.month_key, 100000)
    return world


# Expected, by hand (fen, counts). NOW:
#   A: S2 1050 (3u, member), S3 tea 550 (1u), S5 tea 550 re-attributed (1u) → gross 2150,
#      3 sales, 5 units; returns S1 tea 550 + S2 cola 350 = 900 (2 returns, 2 units) →
#      net 1250; ATV 1250/3 = 416.67 → 417; UPT 5/3; member share 1/3; 10 points; 1 new
#      member; 1 override; return rate 900/2150; target 100000 (month view only).
#   B: S3 cola 350, S5 cola 350 → 2 sales, 700, 2 units, ATV 350, UPT 1.
#   no guide: S4 cola 350, 1 sale, 1 unit.
#   store: 4 sales (S2..S5), gross 3200, returns 900 (2), net 2300, 8 units, 1 member sale.
EXPECTED_NOW = {
    # guide: (net, gross, sales, units, returns, returned, member_sales, points, new, overrides)
    "A": (1250, 2150, 3, 5, 2, 900, 1, 10, 1, 1),
    "B": (700, 700, 2, 2, 0, 0, 0, 0, 0, 0),
    "": (350, 350, 1, 1, 0, 0, 0, 0, 0, 0),
    "*": (2300, 3200, 4, 8, 2, 900, 1, 10, 1, 1),
}
EXPECTED_NOW_DERIVED = {  # guide: (atv fen, upt ×100, member share bp, return rate bp)
    "A": (417, 167, 3333, 4186),
    "B": (350, 100, 0, 0),
    "": (350, 100, 0, 0),
    "*": (575, 200, 2500, 2813),
}
EXPECTED_EARLIER = {
    "A": (1250, 1250, 1, 3, 0, 0, 0, 0, 0, 0),
    "*": (1250, 1250, 1, 3, 0, 0, 0, 0, 0, 0),
}


def figures(row) -> tuple:
    return (row.net_sales, row.gross_sales, row.sales, row.units, row.returns,
            row.returns_amount, row.member_sales, row.points_issued, row.new_members,
            row.overrides)
