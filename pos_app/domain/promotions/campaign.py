"""What every campaign rule carries besides its arithmetic: whose it is, when and where it
holds, for whom, in which lane it runs and which exclusivity group it competes in.

Validity windows are store-local, naive datetimes, half-open: a rule holds from `starts_at`
(inclusive) up to `ends_at` (exclusive), so a 12.12 campaign is 12-12T00:00 → 12-13T00:00
and a till offline past the end stops applying it by its own clock. The engine's
PricingContext knows the day and the store; PromoContext adds the store-local time. When
that time is unknown, a rule with a window stays off (like member days without a day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import ClassVar

from pos_app.domain.pricing import PricingContext, PricingInput, RuleRef
from pos_app.domain.promotions.holdout import held_out
from pos_app.domain.tiers import tier

#: Campaign rules run between the member price (lane 100) and the cashier's discounts (900):
#: priority p runs in lane 100 + p.
LANE_BASE = 100
PRIORITY_MIN = 1
PRIORITY_MAX = 799
KIND_PREFIX = "promo."


@dataclass(frozen=True)
class PromoContext(PricingContext):
    """The pricing context plus the store-local time the validity windows are read against."""

    now: datetime | None = None


def context_at(now: datetime, store_id: str | None) -> PromoContext:
    """The context for a sale rung up at store-local `now` in `store_id`."""
    return PromoContext(day=now.date(), store_id=store_id, now=now)


@dataclass(frozen=True)
class RuleMeta:
    campaign_id: str
    campaign_name: str
    rule_id: str
    name: str = ""
    priority: int = 1  # → lane LANE_BASE + priority; lower runs first
    starts_at: datetime | None = None  # store-local, inclusive
    ends_at: datetime | None = None  # store-local, exclusive
    stores: tuple[str, ...] = ()  # empty: every store
    members_only: bool = False
    tiers: tuple[str, ...] = ()  # non-empty: members of these tiers only
    group: str | None = None  # exclusivity group: the best of its rules for the customer wins
    stackable: bool = True  # False: this rule or the other campaigns, the better (groups.py)
    holdout_permille: int = 0  # the campaign's members held back (holdout.py): no benefit

    @property
    def lane(self) -> int:
        return LANE_BASE + self.priority

    def ref(self, kind: str) -> RuleRef:
        """How adjustments name this rule: kind `promo.<kind>`, rule id
        `<campaign id>/<rule id>` (so savings group by campaign), and the campaign's name
        with the rule's when it has one."""
        label = f"{self.campaign_name} · {self.name}" if self.name else self.campaign_name
        return RuleRef(KIND_PREFIX + kind, f"{self.campaign_id}/{self.rule_id}", label)


class CampaignRule:
    """What every campaign rule kind shares: its ref and lane come from its meta."""

    KIND: ClassVar[str] = ""
    meta: RuleMeta

    @property
    def kind(self) -> str:
        return self.KIND

    @cached_property
    def ref(self) -> RuleRef:  # cached: the engine reads it for every adjustment it books
        return self.meta.ref(self.kind)

    @property
    def lane(self) -> int:
        return self.meta.lane


def in_window(meta: RuleMeta, context: PricingContext) -> bool:
    if meta.starts_at is None and meta.ends_at is None:
        return True
    now = getattr(context, "now", None)
    if now is None:
        return False
    if meta.starts_at is not None and now < meta.starts_at:
        return False
    return meta.ends_at is None or now < meta.ends_at


def in_store(meta: RuleMeta, context: PricingContext) -> bool:
    return not meta.stores or context.store_id in meta.stores


def for_customer(meta: RuleMeta, cart: PricingInput) -> bool:
    if held_out(meta.campaign_id, cart.member_id, meta.holdout_permille):
        return False  # the campaign's holdout: never any of its benefit (holdout.py)
    if not (meta.members_only or meta.tiers):
        return True
    if cart.member_id is None:
        return False
    return not meta.tiers or tier(cart.member_tier).code in meta.tiers


def eligible(meta: RuleMeta, cart: PricingInput, context: PricingContext) -> bool:
    """Whether a rule holds for this cart here and now (its arithmetic aside)."""
    return in_window(meta, context) and in_store(meta, context) and for_customer(meta, cart)


def campaign_of(ref: RuleRef) -> str | None:
    """The campaign id behind an adjustment's rule; None for the built-in rules."""
    if not ref.kind.startswith(KIND_PREFIX):
        return None
    return ref.rule_id.split("/", 1)[0]
