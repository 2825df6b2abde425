"""A fixed KPI data set, built through the real till services on a till paired with a real
HQ, and its expected figures written out by hand (EXPECTED_*, literals: fen and counts).

Two periods: EARLIER (one day 40 days back: sales rung with the checkout's clock set there)
and NOW (today, the real clock: sales, returns, an enrolment, coupons, a gift, an override).
It holds a return of an earlier period's sale, a split tender, a sale shared by two guides,
a sale with no guide, a re-attributed line, members' sales with points, a discount coupon
(HQ's, signed, redeemed online with its sale), a gift handed out with its unit code, a unit-
tracked product sold by its unit code, a return without receipt, a manager's approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hq import admin
from hq import models as hm
from hq.coupons import issuing
from pos_app.domain.kpis import Period, local_day
from pos_app.domain.permissions import Action
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.checkout import CheckoutService
from pos_app.services.coupons import online
from pos_app.services.hq_calls import quick_client
from pos_app.services.returns.no_receipt import NoReceiptLine
from pos_app.services.till import Till, TillServices
from pos_app.services.units import UnitService
from tests.hq.coupons.world import campaign_with_key, definition
from tests.services.coupons.gift_world import unit
from tests.sync.hq_world import PairedTill, paired_till, seed_hq
from tests.sync.test_members_via_hq import sync

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


def _coupons_and_totes(world: KpiWorld, hq, monkeypatch, phone: str) -> tuple[str, str]:
    """HQ's signing key, a ¥20-off coupon (over ¥100) and a gift coupon (a tote) for the
    member, synced to the till; the tote tracked per unit at HQ and here, two units in."""
    campaign_with_key(hq, monkeypatch)
    # The data set needs HQ's yes, not the counter's 1.5 s patience: on a loaded machine
    # HQ's first redeem answered later and the 'deny' policy refused the sale (full run).
    monkeypatch.setattr(online, "_default_client", quick_client(30, 30))
    sync(world.paired)  # the member reaches HQ
    off = issuing.issue(hq.engine, definition(hq, "amount_off", value=2000, min_spend=10000),
                        phone)
    gift = issuing.issue(hq.engine, definition(hq, "gift", gift_sku="SKU-BAG"), phone)
    with hq.engine.begin() as conn:
        conn.execute(hm.Product.__table__.update().where(
            hm.Product.__table__.c.sku == "SKU-BAG").values(unit_tracked=True))
    sync(world.paired)  # the key, the definitions, the member's coupons
    with world.paired.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE product SET unit_tracked = 1 WHERE sku = 'SKU-BAG'")
    manager = world.till("9001", "9999").staff
    got = UnitService(world.paired.engine, world.paired.terminal).receive(
        [unit("H1"), unit("H2")], manager)
    assert len(got.received) == 2
    return off.signed_code, gift.signed_code


def build(hq, tmp: Path, monkeypatch) -> KpiWorld:
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
    coupon, gift = _coupons_and_totes(world, hq, monkeypatch, "13812345678")
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
    b.sale.scan(unit("H1"))  # S6: guide B, the tote by its unit code, the coupon (member)
    b.sale.scan(coupon)
    ids["S6"] = b.sale.complete([Tender(TenderKind.CASH, 10900)]).receipt_no
    services = TillServices.build(world.paired.engine, world.paired.terminal, None)
    assert services.gifts is not None
    view = services.gifts.inspect(gift)  # guide A hands the gift over, its unit scanned
    services.gifts.redeem(view, unit("H2"), a.staff)
    m = world.till("9001", "9999")
    tea = next(ln for ln in m.kpis.sold_lines(ids["S5"]) if ln.net == 550)
    m.kpis.reattribute(m.staff, tea.sale_line_id, world.guide_a, "A served the customer")

    # returns NOW: S1's tea (an earlier period's sale) and one cola of S2, both A's
    for receipt, name in ((ids["S1"], "东方树叶"), (ids["S2"], "可口可乐")):
        sale = m.returns.find_sale(receipt)
        line = next(ln for ln in sale.lines if ln.name.startswith(name))
        m.returns.complete(receipt, {line.sale_line_id: 1})
    tea_item = m.returns.look_up_item(TEA)  # a return without receipt: the manager's
    m.returns.complete_without_receipt([NoReceiptLine(tea_item, 1)], "cash", "defective")
    m.kpis.set_target(m.staff, world.guide_a, world.now.month_key, 100000)
    return world


# Expected, by hand (fen, counts). NOW:
#   A: S2 1050 (3u, member), S3 tea 550 (1u), S5 tea 550 re-attributed (1u) → gross 2150,
#      3 sales, 5 units; returns S1 tea 550 + S2 cola 350 = 900 (2 returns, 2 units) →
#      net 1250; ATV 1250/3 = 416.67 → 417; UPT 5/3 → 1.67; member share 1/3; 10 points
#      (S2, ¥10.50); 1 new member; 1 override; return rate 900/2150 = 41.86 %; the gift
#      handed out with its unit code (1 of 1); target 100000 (month view only).
#   B: S3 cola 350, S5 cola 350, S6 tote 12900 - coupon 2000 = 10900 (member, 109 points,
#      the coupon, the tracked tote by its code) → 3 sales, 11600, 3 units, ATV 3866.67 →
#      3867, member share 1/3.
#   no guide: S4 cola 350 (1 sale, 1 unit); the return without receipt, tea 550 → net -200,
#      ATV -200, return rate 550/350 = 157.14 %.
#   store: 5 sales (S2..S6), gross 14100, returns 1450 (3, one without receipt), net 12650,
#      9 units, 2 member sales, 119 points, ATV 2530, UPT 1.80, member share 40 %, return
#      rate 1450/14100 = 10.28 %.
EXPECTED_NOW = {
    # guide: (net, gross, sales, units, returns, returned, member_sales, points, new members,
    #         coupons, gifts, gifts with code, tracked lines, tracked with code,
    #         returns without receipt, overrides)
    "A": (1250, 2150, 3, 5, 2, 900, 1, 10, 1, 0, 1, 1, 0, 0, 0, 1),
    "B": (11600, 11600, 3, 3, 0, 0, 1, 109, 0, 1, 0, 0, 1, 1, 0, 0),
    "": (-200, 350, 1, 1, 1, 550, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0),
    "*": (12650, 14100, 5, 9, 3, 1450, 2, 119, 1, 1, 1, 1, 1, 1, 1, 1),
}
EXPECTED_NOW_DERIVED = {  # guide: (ATV fen, UPT ×100, member share, return rate,
    #                                gift compliance, unit-code compliance; basis points)
    "A": (417, 167, 3333, 4186, 10000, None),
    "B": (3867, 100, 3333, 0, None, 10000),
    "": (-200, 100, 0, 15714, None, None),
    "*": (2530, 180, 4000, 1028, 10000, 10000),
}
EXPECTED_EARLIER = {
    "A": (1250, 1250, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "*": (1250, 1250, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
}


def figures(row) -> tuple:
    """A row's stored figures in EXPECTED_*'s order; overrides last (HQ gets them later)."""
    return (row.net_sales, row.gross_sales, row.sales, row.units, row.returns,
            row.returns_amount, row.member_sales, row.points_issued, row.new_members,
            row.coupons_redeemed, row.gift_redemptions, row.gifts_with_code,
            row.tracked_lines, row.tracked_coded, row.returns_without_receipt, row.overrides)
