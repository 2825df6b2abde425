"""What a campaign earned (issue 16 item 6), as pure arithmetic: given the sale lines of its
window (and of the same-length period before) and the members, its figures to the fen.
HQ only queries the rows (hq/promotions/roi_query.py); the formulas live here, tested with
worked examples (docs/promotions.md "ROI").

Per campaign, over the sale lines of its window at its stores:
- **orders** with the campaign: sales with at least one of its adjustments; **units**: the
  units on the lines it touched.
- **discount**: the sum of its adjustments. Every fen off belongs to exactly one campaign.
- **revenue** and **cost**: a touched line's net and cost (units × product cost) go to the
  campaigns on it in proportion to their adjustments (largest remainder, ties to the smaller
  campaign id), so an order with several campaigns is counted once over the report, never
  twice. **margin** = revenue − cost. Lines of a product without a cost are counted in
  `uncosted_units` and cost nothing (the margin is then an upper bound).
- **gifts**: units a buy-X-get-Y rule of the campaign gave free (its `percent_off` 100).
  On a line, such an adjustment of `a` fen on what the earlier rules left of the line
  (`left` fen for `q` units) is round(a × q / left) units; **gift cost** = gift units × cost.
- **members reached**: distinct members on its orders; **new members**: those of them who
  enrolled inside the window.
- **incremental vs before**: the revenue (net) of the products it touched, in the window,
  minus the same products' revenue in the same-length period just before.
- **incremental vs holdout**: the members split by the holdout hash (holdout.py) into
  treated and held out; each group's spend (net of its members' sales in the window) per
  member of the group (all members, shoppers or not, so nobody is selected by the campaign
  itself); incremental = (treated per member − held-out per member) × treated members,
  computed as (T·h − H·t) / h rounded half up. None when nobody is held out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from pos_app.domain.money import allocate, div_round_half_up
from pos_app.domain.promotions.holdout import held_out


@dataclass(frozen=True)
class AdjustmentFact:
    """One adjustment of a line, in the order the rules ran (campaign None: not a campaign's)."""

    campaign_id: str | None
    rule_id: str
    amount: int


@dataclass(frozen=True)
class LineFact:
    sale_id: str
    member_id: str | None
    product_id: str
    quantity: int
    gross: int  # list price × quantity
    net: int
    cost_each: int | None  # the product's cost price; None: unknown
    adjustments: tuple[AdjustmentFact, ...] = ()

    def campaign_amounts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for a in self.adjustments:
            if a.campaign_id is not None:
                found[a.campaign_id] = found.get(a.campaign_id, 0) + a.amount
        return found


@dataclass(frozen=True)
class CampaignFacts:
    campaign_id: str
    name: str
    holdout_permille: int = 0
    gift_rules: frozenset[str] = frozenset()  # rule ids (`<campaign>/<rule>`) giving units free


@dataclass(frozen=True)
class Members:
    """The members the holdout splits (enrolled by the window's end) and who joined in it."""

    ids: Collection[str] = ()
    new_in_window: Collection[str] = ()


@dataclass(frozen=True)
class CampaignRoi:
    campaign_id: str
    name: str
    orders: int = 0
    units: int = 0
    revenue: int = 0
    discount: int = 0
    gift_units: int = 0
    gift_cost: int = 0
    cost: int = 0
    uncosted_units: int = 0
    members_reached: int = 0
    new_members: int = 0
    revenue_before: int = 0  # its products' revenue in the period before
    revenue_products: int = 0  # its products' revenue in the window
    treated_members: int = 0
    treated_spend: int = 0
    holdout_members: int = 0
    holdout_spend: int = 0
    incremental_vs_holdout: int | None = None
    products: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def margin(self) -> int:
        return self.revenue - self.cost

    @property
    def incremental_vs_before(self) -> int:
        return self.revenue_products - self.revenue_before

    def per_member(self, spend: int, members: int) -> int | None:
        return div_round_half_up(spend, members) if members else None


def gift_units(line: LineFact, gift_rules: Collection[str]) -> int:
    """Units of `line` given free by the rules in `gift_rules` (see the module)."""
    left, units = line.gross, 0
    for a in line.adjustments:
        if a.rule_id in gift_rules and left > 0:
            units += div_round_half_up(a.amount * line.quantity, left)
        left -= a.amount
    return min(units, line.quantity)


def shares(line: LineFact) -> dict[str, tuple[int, int]]:
    """Campaign → (its share of the line's net, of the line's cost), split by adjustments."""
    amounts = sorted(line.campaign_amounts().items())
    weights = [amount for _, amount in amounts]
    cost = line.cost_each * line.quantity if line.cost_each is not None else 0
    nets, costs = allocate(line.net, weights), allocate(cost, weights)
    return {cid: (n, c) for (cid, _), n, c in zip(amounts, nets, costs, strict=True)}


def campaign_roi(campaign: CampaignFacts, lines: Iterable[LineFact],
                 before: Iterable[LineFact] = (), members: Members = Members()) -> CampaignRoi:
    """The campaign's figures from the sale lines of its window (`lines`, at its stores),
    those of the period before (`before`) and the members (see the module for each)."""
    cid = campaign.campaign_id
    lines = list(lines)
    orders: set[str] = set()
    reached: set[str] = set()
    products: set[str] = set()
    f = dict(units=0, revenue=0, discount=0, gift_units=0, gift_cost=0, cost=0,
             uncosted_units=0)
    for line in lines:
        amount = line.campaign_amounts().get(cid)
        if amount is None:
            continue
        orders.add(line.sale_id)
        products.add(line.product_id)
        if line.member_id:
            reached.add(line.member_id)
        net, cost = shares(line)[cid]
        gifts = gift_units(line, campaign.gift_rules)
        f["units"] += line.quantity
        f["discount"] += amount
        f["revenue"] += net
        f["cost"] += cost
        f["gift_units"] += gifts
        f["gift_cost"] += gifts * (line.cost_each or 0)
        f["uncosted_units"] += line.quantity if line.cost_each is None else 0
    spend: dict[str, int] = {}
    for line in lines:
        if line.member_id:
            spend[line.member_id] = spend.get(line.member_id, 0) + line.net
    split = _split(cid, campaign.holdout_permille, members.ids, spend)
    new = set(members.new_in_window)
    return CampaignRoi(
        cid, campaign.name, orders=len(orders), members_reached=len(reached),
        new_members=len(reached & new), products=frozenset(products),
        revenue_products=sum(ln.net for ln in lines if ln.product_id in products),
        revenue_before=sum(ln.net for ln in before if ln.product_id in products),
        **split, **f)


def _split(cid: str, permille: int, ids: Iterable[str], spend: dict[str, int]) -> dict:
    groups = {True: [0, 0], False: [0, 0]}  # held out → [members, spend]
    for member in set(ids) | set(spend):
        group = groups[held_out(cid, member, permille)]
        group[0] += 1
        group[1] += spend.get(member, 0)
    (t, ts), (h, hs) = groups[False], groups[True]
    incremental = div_round_half_up(ts * h - hs * t, h) if h else None
    return dict(treated_members=t, treated_spend=ts, holdout_members=h, holdout_spend=hs,
                incremental_vs_holdout=incremental)


def orders_once(reports: Sequence[CampaignRoi], lines: Iterable[LineFact]) -> dict[str, int]:
    """The report's total row: orders with any campaign counted once, and the campaigns'
    discount and revenue, whose per-campaign split already adds up to each order once."""
    touched = {ln.sale_id for ln in lines if ln.campaign_amounts()}
    return {"orders": len(touched), "discount": sum(r.discount for r in reports),
            "revenue": sum(r.revenue for r in reports)}
