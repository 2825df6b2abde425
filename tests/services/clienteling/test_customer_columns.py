"""The columns of the guide's lists beyond the list's own reason (tester 24, finding 10):
every list shows each member's soonest open coupon, and a member who never bought here
shows since when they have been a member instead of a bare dash."""

from __future__ import annotations

import pytest

from pos_app.services.clienteling import ClientelingService, CustomerList
from tests.services.clienteling.world import NOW, ago, build_customers
from ui.kpis.customers_table import row_texts


@pytest.fixture
def shop(world):
    build_customers(world)
    return world, ClientelingService(world.engine, clock=lambda: NOW)


def test_all_my_customers_show_their_soonest_open_coupon(shop):
    world, service = shop
    page = service.customers(world.guide, CustomerList.ALL)
    coupons = {c.name: c.coupon_title for c in page.customers}
    # 安娜: 3 days left before 30 (and not the one gone yesterday); 丁一's was redeemed here
    assert coupons == {"安娜": "满100减10", "白雪": "生日券", "丁一": "", "范冰": ""}
    anna = next(c for c in page.customers if c.name == "安娜")
    assert anna.coupon_until is not None and anna.coupon_until > NOW


def test_a_never_seen_member_shows_since_when(shop):
    world, service = shop
    page = service.customers(world.guide, CustomerList.UNSEEN)
    ding = next(c for c in page.customers if c.name == "丁一")
    assert ding.last_seen is None
    assert abs(ding.enrolled_at - ago(120)).total_seconds() < 1
    last_here = row_texts(ding)[4]
    assert last_here != "–" and ago(120).astimezone().strftime("%Y-%m-%d") in last_here
    bai = next(c for c in page.customers if c.name == "白雪")
    assert row_texts(bai)[4] == ago(100).astimezone().strftime("%Y-%m-%d")
