"""The guide's "my customers" lists on a small fixed data set (tests/services/clienteling/
world.py): who is mine, birthdays this month, not seen for 90 days, coupons about to
expire, tags, paging; a cashier has no customers to see; the lists read the guide index."""

from __future__ import annotations

import pytest

from pos_app.errors import PosError
from pos_app.services.clienteling import ClientelingService, CustomerList
from pos_app.services.clienteling.service import pinyin_key
from tests.services.clienteling.world import NOW, ago, build_customers


@pytest.fixture
def shop(world):
    ids = build_customers(world)
    return world, ids, ClientelingService(world.engine, clock=lambda: NOW)


def _names(page) -> list[str]:
    return [c.name for c in page.customers]


def test_my_customers_are_the_ones_i_own_or_enrolled_unowned_never_merged_ones(shop):
    world, _ids, service = shop
    page = service.customers(world.guide, CustomerList.ALL)
    # 陈晨 was enrolled by me but another guide owns her; 高远 was merged away
    assert sorted(_names(page)) == sorted(["安娜", "白雪", "丁一", "范冰"])
    assert page.total == 4 and not page.has_more
    anna = next(c for c in page.customers if c.name == "安娜")
    assert anna.tags == ("VIP", "常客")
    assert anna.phone_masked == "138****0000"
    assert anna.last_seen is not None and abs(anna.last_seen - ago(10)).total_seconds() < 1


def test_birthdays_this_month_come_by_day(shop):
    world, _ids, service = shop
    assert _names(service.customers(world.guide, CustomerList.BIRTHDAYS)) == ["白雪", "安娜"]


def test_not_seen_for_90_days_counts_a_never_buying_member_from_enrolment(shop):
    world, _ids, service = shop
    page = service.customers(world.guide, CustomerList.UNSEEN)
    # 白雪 last bought 100 days ago; 丁一 enrolled 120 days ago and never bought;
    # 安娜 bought 10 days ago; 范冰 enrolled 10 days ago
    assert _names(page) == ["白雪", "丁一"]
    assert page.customers[1].last_seen is None


def test_open_coupons_about_to_expire_soonest_first_never_redeemed_or_gone(shop):
    world, _ids, service = shop
    page = service.customers(world.guide, CustomerList.EXPIRING)
    assert [(c.name, c.coupon_title) for c in page.customers] == [
        ("安娜", "满100减10"), ("白雪", "生日券")]
    assert page.customers[0].coupon_until is not None


def test_a_tag_narrows_every_list(shop):
    world, _ids, service = shop
    assert sorted(_names(service.customers(world.guide, tag="VIP"))) == ["丁一", "安娜"]
    assert service.counts(world.guide, tag="VIP") == {
        CustomerList.ALL: 2, CustomerList.BIRTHDAYS: 1, CustomerList.UNSEEN: 1,
        CustomerList.EXPIRING: 1}
    assert _names(service.customers(world.guide, tag="V%")) == []  # wildcards are literal


def test_a_page_at_a_time(shop):
    world, _ids, service = shop
    first = service.customers(world.guide, CustomerList.ALL, offset=0, limit=3)
    rest = service.customers(world.guide, CustomerList.ALL, offset=3, limit=3)
    assert first.has_more and not rest.has_more
    assert len(first.customers) == 3 and len(rest.customers) == 1
    assert set(_names(first)).isdisjoint(_names(rest))


def test_a_cashier_has_no_customers_to_see_and_another_guide_sees_only_theirs(shop):
    world, _ids, service = shop
    with pytest.raises(PosError) as refused:
        service.customers(world.cashier, CustomerList.ALL)
    assert refused.value.code == "manager_required"
    with pytest.raises(PosError):
        service.counts(None)
    # the manager enrolled 安娜 but 王芳 owns her: the manager's own list is empty
    assert service.customers(world.manager).total == 0


def test_the_lists_read_the_guide_index_not_every_member(shop):
    world, _ids, _service = shop
    from sqlalchemy import text

    from pos_app.services.clienteling import queries as q
    with world.engine.connect() as conn:
        for sql in (q.ALL, q.BIRTHDAYS, q.UNSEEN, q.EXPIRING):
            plan = " ".join(str(r[-1]) for r in conn.execute(
                text("EXPLAIN QUERY PLAN " + sql.format(tagged="")),
                {"guide": "g", "month": "05", "cutoff": "x", "now": "a", "horizon": "b"}))
            assert "ix_member_guide" in plan, plan
            assert "SCAN m" not in plan, plan


def test_names_come_in_pinyin_order_not_code_point_order(shop):
    """安 an, 白 bai, 丁 ding, 范 fan; by code point 丁 (U+4E01) would come first."""
    world, _ids, service = shop
    assert _names(service.customers(world.guide, CustomerList.ALL)) == [
        "安娜", "白雪", "丁一", "范冰"]
    assert pinyin_key("王芳") == "wang fang" and pinyin_key("Amy 王") == "amy wang"
