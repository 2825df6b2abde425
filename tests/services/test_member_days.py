"""A member's sale on a member day earns points × the configured multiplier; other days,
walk-ins and changed settings behave as a cashier expects."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pos_app.domain.member_days import MemberDays
from pos_app.services.settings import MemberDaySettings, SettingsService
from tests.services.test_points import BAG, add_member, entries
from tests.services.unit_world import pay_cash, till_for
from tests.staff import MANAGER

EIGHTEENTH, NINETEENTH = date(2026, 11, 18), date(2026, 11, 19)


def member_day_till(world, rule, today: date, member_id: str | None):
    till = till_for(world)
    till._s.pricing.member_days = lambda: rule
    till._s.pricing.today = lambda: today
    if member_id:
        till.cart.attach_member(member_id)
    return till


def test_member_day_doubles_points_in_the_sale_row_and_entry(world):
    member = add_member(world, tier="gold")
    rule = MemberDays(days_of_month=(8, 18, 28), multiplier_permille=2000)
    till = member_day_till(world, rule, EIGHTEENTH, member)
    assert till.sale.member_day_permille() == 2000
    till.sale.ring(BAG)
    done = pay_cash(till)
    # gold ×1.5 and member day ×2 on ¥129, rounded down once at the end (not 193 × 2)
    assert done.points_earned == 12900 * 1500 * 2000 // (100 * 1000 * 1000) == 387
    assert entries(world, done.sale_id) == [(387, "sale_earn", "pending", 0)]


def test_ordinary_day_and_walk_in_earn_as_usual(world):
    member = add_member(world)
    rule = MemberDays(days_of_month=(18,), multiplier_permille=3000)
    till = member_day_till(world, rule, NINETEENTH, member)
    assert till.sale.member_day_permille() == 1000
    till.sale.ring(BAG)
    assert pay_cash(till).points_earned == 129
    walk_in = member_day_till(world, rule, EIGHTEENTH, None)
    assert walk_in.sale.member_day_permille() == 1000  # no member, no multiplier to show


def test_a_settings_change_applies_to_the_next_sale(world, tmp_path: Path):
    settings = SettingsService(tmp_path / "settings.json")
    member = add_member(world)
    till = till_for(world)
    till._s.pricing.member_days = lambda: settings.settings.member_days.rule()
    till._s.pricing.today = lambda: EIGHTEENTH
    till.cart.attach_member(member)
    assert till.sale.member_day_permille() == 1000
    settings.update(MANAGER, member_days=MemberDaySettings(days_of_month=[18],
                                                           multiplier_permille=1500))
    assert till.sale.member_day_permille() == 1500
    till.sale.ring(BAG)
    assert pay_cash(till).points_earned == 129 * 15 // 10
    reloaded = SettingsService(tmp_path / "settings.json").settings.member_days
    assert (reloaded.days_of_month, reloaded.multiplier_permille) == ([18], 1500)
