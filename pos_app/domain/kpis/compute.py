"""The one definition of every KPI (docs/kpis.md): facts in, `StoreKpis` out. The till and
HQ both call `compute`, so their figures cannot drift apart.

Why the store total is computed on its own and not by adding the guides: a sale whose lines
two guides share counts once for the store but once for each guide (each did sell in it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from pos_app.domain.kpis.facts import NO_GUIDE, Counted, KpiFacts
from pos_app.domain.kpis.figures import STORE, GuideKpis, StoreKpis
from pos_app.domain.kpis.period import Period


def compute(period: Period, facts: KpiFacts, store_id: str = "",
            names: Mapping[str, str] | None = None,
            targets: Mapping[str, int] | None = None,
            guides: Iterable[str] = ()) -> StoreKpis:
    """Every figure of every guide (and "no guide") for `period`. Facts outside the period
    are ignored. `guides` lists staff to show even with nothing sold (a zero row)."""
    names = names or {}
    targets = targets or {}
    rows: dict[str, GuideKpis] = {}
    total = GuideKpis(STORE)

    def row(guide: str) -> GuideKpis:
        got = rows.get(guide)
        if got is None:
            got = rows[guide] = GuideKpis(guide, names.get(guide, ""), target=targets.get(guide))
        return got

    for g in guides:
        row(g)
    inside = period.contains
    daily: dict[date, int] = dict.fromkeys(period.days(), 0)
    store_sales: dict[str, bool] = {}
    for s in facts.sales:
        if not inside(s.day):
            continue
        r = row(s.guide)
        r.gross_sales += s.net
        r.sales += 1
        r.units += s.units
        r.member_sales += s.member
        r.tracked_lines += s.tracked_lines
        r.tracked_coded += s.tracked_coded
        daily[s.day] += s.net
        store_sales[s.sale_id] = s.member
        total.gross_sales += s.net
        total.units += s.units
        total.tracked_lines += s.tracked_lines
        total.tracked_coded += s.tracked_coded
    total.sales = len(store_sales)
    total.member_sales = sum(store_sales.values())

    store_returns: dict[str, bool] = {}
    for t in facts.returns:
        if not inside(t.day):
            continue
        r = row(t.guide)
        r.returns_amount += t.amount
        r.returns += 1
        r.return_units += t.units
        r.returns_without_receipt += t.without_receipt
        daily[t.day] -= t.amount
        store_returns[t.return_id] = t.without_receipt
        total.returns_amount += t.amount
        total.return_units += t.units
    total.returns = len(store_returns)
    total.returns_without_receipt = sum(store_returns.values())

    def add(items: list[Counted], attr: str, flag_attr: str | None = None) -> None:
        for c in items:
            if not inside(c.day):
                continue
            for r in (row(c.guide), total):
                setattr(r, attr, getattr(r, attr) + c.amount)
                if flag_attr and c.flag:
                    setattr(r, flag_attr, getattr(r, flag_attr) + 1)

    add(facts.enrolments, "new_members")
    add(facts.points, "points_issued")
    add(facts.coupons, "coupons_redeemed")
    add(facts.gifts, "gift_redemptions", "gifts_with_code")
    add(facts.overrides, "overrides")
    total.exceptions = sum(c.amount for c in facts.exceptions if inside(c.day))
    if period.kind == "month":
        total.target = sum(targets.values()) or None

    ranked = sorted(rows.values(), key=lambda g: (g.guide_id == NO_GUIDE, -g.net_sales,
                                                  g.name, g.guide_id))
    return StoreKpis(period, store_id, ranked, total, sorted(daily.items()))
