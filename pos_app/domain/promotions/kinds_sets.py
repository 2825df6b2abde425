"""Campaign rules that look at the set as a whole: buy X get Y, bundle price, and the
spend-threshold reductions (满减).

Units, not lines: a line of quantity 3 is three units worth its remainder split evenly.
Which units a rule picks is decided by value, then line id, then the unit's place in its
line: never by the order the lines were scanned in, so permuting the cart changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from pos_app.domain.money import yuan_text
from pos_app.domain.pricing import Effect, PricingContext, PricingInput
from pos_app.domain.promotions.campaign import CampaignRule, RuleMeta, eligible
from pos_app.domain.promotions.lines import line_ids, qualifying, spread_parts
from pos_app.domain.promotions.products import EVERYTHING, ProductSet
from pos_app.domain.promotions.spread import percent_of, spread, unit_values

Unit = tuple[int, str, int, int]  # (value, line id, unit no. in its line, line index)


def units(cart: PricingInput, remaining: Sequence[int], indexes: Sequence[int]) -> list[Unit]:
    """Every unit of the given lines (sorted: cheapest first, ties by line id, unit number)."""
    found = [(value, cart.lines[i].line_id, k, i)
             for i in indexes
             for k, value in enumerate(unit_values(remaining[i], cart.lines[i].quantity))]
    return sorted(found)


def _per_line(picked: Sequence[Unit], offs: Sequence[int]) -> dict[int, int]:
    total: dict[int, int] = {}
    for unit, off in zip(picked, offs, strict=True):
        total[unit[3]] = total.get(unit[3], 0) + off
    return total


@dataclass(frozen=True)
class BuyXGetY(CampaignRule):
    """Buy `buy`, get `get` free (or `percent` off), up to `max_sets` times (None: as often
    as the cart allows). Units are lined up dearest first and cut into sets of `buy + get`;
    the last `get` of each set (its cheapest) are the gift. So the gift is never dearer than
    what was bought with it, the customer gets the most the rule allows, and adding an item
    never costs more than that item: nothing already paid for becomes dearer."""

    meta: RuleMeta
    products: ProductSet
    buy: int
    get: int = 1
    percent: int = 100
    max_sets: int | None = None
    KIND: ClassVar[str] = "buy_x_get_y"

    def sets_in(self, count: int) -> int:
        sets = count // (self.buy + self.get)
        return sets if self.max_sets is None else min(sets, self.max_sets)

    def gifts(self, pool: Sequence[Unit]) -> list[Unit]:
        """The units given (at `percent` off) out of `pool`."""
        dearest = sorted(pool, key=lambda u: (-u[0], u[1], u[2]))
        size = self.buy + self.get
        return [u for s in range(self.sets_in(len(pool)))
                for u in dearest[s * size + self.buy:(s + 1) * size]]

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if not eligible(self.meta, cart, context):
            return ()
        given = self.gifts(units(cart, remaining, qualifying(cart, remaining, self.products)))
        values = [u[0] for u in given]
        offs = spread(percent_of(sum(values), self.percent), values,
                      [f"{u[1]}\x00{u[2]:09d}" for u in given])
        by_line = _per_line(given, offs)
        idx = sorted(by_line)
        reason = (f"buy {self.buy} get {self.get} free" if self.percent == 100
                  else f"buy {self.buy} get {self.get} at {self.percent}% off")
        return spread_parts(cart, idx, [by_line[i] for i in idx], reason)


@dataclass(frozen=True)
class BundlePrice(CampaignRule):
    """Any `size` units of the set for `price` fen, as many bundles as fit (up to
    `max_bundles`). The dearest units are bundled first (the customer's best), and each
    bundle's saving is spread over its units by largest remainder."""

    meta: RuleMeta
    products: ProductSet
    size: int
    price: int
    max_bundles: int | None = None
    KIND: ClassVar[str] = "bundle_price"

    def bundles_in(self, count: int) -> int:
        n = count // self.size
        return n if self.max_bundles is None else min(n, self.max_bundles)

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if not eligible(self.meta, cart, context):
            return ()
        pool = units(cart, remaining, qualifying(cart, remaining, self.products))
        dearest = sorted(pool, key=lambda u: (-u[0], u[1], u[2]))
        by_line: dict[int, int] = {}
        for b in range(self.bundles_in(len(pool))):
            bundle = dearest[b * self.size:(b + 1) * self.size]
            values = [u[0] for u in bundle]
            saving = sum(values) - self.price
            if saving <= 0:
                break  # cheaper bundles after this one save nothing either
            offs = spread(saving, values, [f"{u[1]}\x00{u[2]:09d}" for u in bundle])
            for line, off in _per_line(bundle, offs).items():
                by_line[line] = by_line.get(line, 0) + off
        idx = sorted(by_line)
        return spread_parts(cart, idx, [by_line[i] for i in idx],
                            f"any {self.size} for {yuan_text(self.price)}")


@dataclass(frozen=True)
class Threshold:
    spend: int  # fen the set must reach (满)
    off: int  # fen off once it does (减)


@dataclass(frozen=True)
class SpendThreshold(CampaignRule):
    """满减: the highest tier whose `spend` what the set has left reaches takes its `off`,
    spread over the set's lines. "Not stackable" is the meta's `stackable` (groups.py): the
    customer gets this rule or the other campaigns, whichever saves more."""

    meta: RuleMeta
    tiers: tuple[Threshold, ...]  # increasing spend and off
    products: ProductSet = EVERYTHING
    KIND: ClassVar[str] = "spend_threshold"

    def base(self, cart: PricingInput, remaining: Sequence[int]) -> tuple[list[int], int]:
        """The lines the threshold counts, and what they have left."""
        idx = qualifying(cart, remaining, self.products)
        return idx, sum(remaining[i] for i in idx)

    def reached(self, spend: int) -> Threshold | None:
        met = [t for t in self.tiers if spend >= t.spend]
        return max(met, key=lambda t: t.spend) if met else None

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if not eligible(self.meta, cart, context):
            return ()
        idx, spend = self.base(cart, remaining)
        step = self.reached(spend)
        if step is None:
            return ()
        weights = [remaining[i] for i in idx]
        return spread_parts(cart, idx, spread(step.off, weights, line_ids(cart, idx)),
                            f"spend {yuan_text(step.spend)} get {yuan_text(step.off)} off")
