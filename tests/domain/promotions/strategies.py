"""Hypothesis strategies for the promotions properties: small catalogues, carts with unique
line ids, and every rule kind with windows, stores, member conditions and groups.

Groups get lanes of their own (g1 → priority 300, g2 → 400), as the engine requires;
loose rules take priorities 1–200 and 500–600, so groups sit between them."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st

from pos_app.domain.promotions import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    FixedPrice,
    PercentOff,
    PointsMultiplier,
    PreviewCart,
    PreviewLine,
    PreviewProduct,
    RuleMeta,
    SpendThreshold,
    Threshold,
    context_at,
    of,
    order_amount_off,
    order_percent_off,
)

SKUS = ("A", "B", "C", "D")
NOW = datetime(2026, 12, 12, 10, 30)
CONTEXT = context_at(NOW, "S001")
GROUP_PRIORITY = {"g1": 300, "g2": 400}


@st.composite
def products(draw: st.DrawFn) -> PreviewProduct:
    price = draw(st.integers(0, 60_000))
    member = draw(st.one_of(st.none(), st.integers(0, 60_000)))
    return PreviewProduct(draw(st.sampled_from(SKUS)), price, member,
                          draw(st.sampled_from([0, 900, 1300])),
                          category=draw(st.sampled_from(["x", "y"])),
                          tags=tuple(draw(st.sets(st.sampled_from(["t1", "t2"])))))


@st.composite
def carts(draw: st.DrawFn, min_lines: int = 1, max_lines: int = 7) -> PreviewCart:
    ids = draw(st.lists(st.text("abcdefghij", min_size=1, max_size=3), min_size=min_lines,
                        max_size=max_lines, unique=True))
    lines = tuple(PreviewLine(i, draw(products()), draw(st.integers(1, 4))) for i in ids)
    member = draw(st.booleans())
    return PreviewCart(lines, 0, "", "m-1" if member else None,
                       draw(st.sampled_from(["regular", "silver", "gold"])) if member else None)


product_sets = st.one_of(
    st.builds(lambda s: of(skus=s), st.lists(st.sampled_from(SKUS), min_size=1, max_size=3)),
    st.builds(lambda c: of(categories=[c]), st.sampled_from(["x", "y"])),
    st.builds(lambda t: of(tags=[t]), st.sampled_from(["t1", "t2"])),
)


@st.composite
def metas(draw: st.DrawFn, n: int, conditions: bool = True) -> RuleMeta:
    group = draw(st.sampled_from([None, None, "g1", "g2"]))
    priority = GROUP_PRIORITY[group] if group else draw(st.one_of(st.integers(1, 200),
                                                                  st.integers(500, 600)))
    starts = ends = None
    stores: tuple[str, ...] = ()
    members_only, tiers = False, ()
    if conditions:
        if draw(st.booleans()):
            starts = NOW + timedelta(hours=draw(st.integers(-48, 48)))
            ends = starts + timedelta(hours=draw(st.integers(1, 72)))
        stores = tuple(sorted(draw(st.sets(st.sampled_from(["S001", "S002"]), max_size=2))))
        members_only = draw(st.booleans())
        tiers = tuple(sorted(draw(st.sets(st.sampled_from(["silver", "gold"]), max_size=1))))
    return RuleMeta(draw(st.sampled_from(["c1", "c2", "c3"])), "Campaign", f"r{n:03d}",
                    priority=priority, starts_at=starts, ends_at=ends, stores=stores,
                    members_only=members_only, tiers=tiers, group=group,
                    stackable=draw(st.sampled_from([True, True, True, False])))


@st.composite
def thresholds(draw: st.DrawFn) -> tuple[Threshold, ...]:
    """满减 tiers as the parser accepts them: spend and off both increasing, off < spend."""
    tiers: list[Threshold] = []
    for spend in sorted(draw(st.sets(st.integers(2, 300_000), min_size=1, max_size=3))):
        low = tiers[-1].off + 1 if tiers else 1
        if low < spend:
            tiers.append(Threshold(spend, draw(st.integers(low, min(spend - 1, low + 30_000)))))
    return tuple(tiers)


def kinds(m: RuleMeta) -> st.SearchStrategy:
    return st.one_of(
        st.builds(PercentOff, st.just(m), product_sets, st.integers(1, 100)),
        st.builds(AmountOff, st.just(m), product_sets, st.integers(1, 30_000), st.booleans()),
        st.builds(order_percent_off, st.just(m), st.integers(1, 99)),
        st.builds(order_amount_off, st.just(m), st.integers(1, 30_000)),
        st.builds(FixedPrice, st.just(m), product_sets,
                  st.one_of(st.none(), st.integers(0, 50_000)),
                  st.lists(st.tuples(st.sampled_from(["silver", "gold"]),
                                     st.integers(0, 50_000)), max_size=2,
                           unique_by=lambda t: t[0]).map(tuple)),
        st.builds(BuyXGetY, st.just(m), product_sets, st.integers(1, 3), st.integers(1, 2),
                  st.integers(1, 100), st.one_of(st.none(), st.integers(1, 3))),
        st.builds(BundlePrice, st.just(m), product_sets, st.integers(2, 4),
                  st.integers(1, 80_000), st.one_of(st.none(), st.integers(1, 2))),
        st.builds(SpendThreshold, st.just(m), thresholds()),
        st.builds(SpendThreshold, st.just(m), thresholds(), product_sets),
        st.builds(PointsMultiplier, st.just(m), st.integers(1001, 5000)),
    )


@st.composite
def rule_sets(draw: st.DrawFn, max_rules: int = 6, conditions: bool = True) -> list:
    count = draw(st.integers(0, max_rules))
    return [draw(metas(n, conditions).flatmap(kinds)) for n in range(count)]
