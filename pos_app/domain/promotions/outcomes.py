"""What a priced sale says about its campaigns: savings per campaign, the canonical JSON of
a priced cart (what the preview prints and what "byte-identical" is measured on), and the
refund of a returned unit.

The canonical form lists lines by line id, not by cart position, and keeps each line's
adjustments in the order the rules ran (lane, then rule id), so the same cart and rules
give the same bytes whatever order the lines or rules came in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pos_app.domain.pricing import PricedCart
from pos_app.domain.promotions.campaign import campaign_of
from pos_app.domain.refunds import line_refund
from pos_app.errors import PosError


@dataclass(frozen=True)
class CampaignSaving:
    campaign_id: str
    name: str  # the campaign's name as its first rule's adjustments carry it
    amount: int  # fen off the sale by this campaign's rules


def campaign_savings(priced: PricedCart, rules: Iterable[object] = ()
                     ) -> tuple[CampaignSaving, ...]:
    """Money each campaign took off the sale (the totals' "you saved" per campaign), by
    campaign id. Every fen of an adjustment belongs to exactly one campaign, so an order
    with several campaigns is split by its adjustments and never counted twice. `rules`
    name the campaigns; without them a campaign is named by its smallest rule's label."""
    names = {m.campaign_id: m.campaign_name
             for m in (getattr(r, "meta", None) for r in rules) if m is not None}
    found: dict[str, list[Any]] = {}
    for line in priced.lines:
        for adj in line.adjustments:
            campaign = campaign_of(adj.rule)
            if campaign is None:
                continue
            entry = found.setdefault(campaign, [adj.rule.rule_id, adj.rule.name, 0])
            if adj.rule.rule_id < entry[0]:
                entry[0], entry[1] = adj.rule.rule_id, adj.rule.name
            entry[2] += adj.amount
    return tuple(CampaignSaving(c, names.get(c, label), amount)
                 for c, (_, label, amount) in sorted(found.items()))


def priced_dict(priced: PricedCart, rules: Iterable[object] = ()) -> dict[str, Any]:
    """The priced cart as plain data, lines by line id (see the module's docstring)."""
    lines = sorted(priced.lines, key=lambda p: p.line.line_id)
    return {
        "lines": [{
            "line_id": p.line.line_id,
            "quantity": p.line.quantity,
            "gross": p.gross,
            "net": p.net,
            "tax": p.tax,
            "adjustments": [{"kind": a.rule.kind, "rule_id": a.rule.rule_id,
                             "name": a.rule.name, "amount": a.amount, "reason": a.reason,
                             "scope": a.scope} for a in p.adjustments],
        } for p in lines],
        "subtotal": priced.subtotal,
        "discount_total": priced.discount_total,
        "total": priced.total,
        "tax_total": priced.tax_total,
        "item_count": priced.item_count,
        "points_permille": priced.points_permille,
        "points": [{"kind": p.rule.kind, "rule_id": p.rule.rule_id, "name": p.rule.name,
                    "permille": p.permille, "reason": p.reason} for p in priced.points],
        "campaigns": [{"campaign_id": s.campaign_id, "name": s.name, "saving": s.amount}
                      for s in campaign_savings(priced, rules)],
    }


def priced_json(priced: PricedCart, rules: Iterable[object] = ()) -> str:
    """Canonical JSON text of a priced cart: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(priced_dict(priced, rules), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def priced_reading(text: str) -> str:
    """`priced_json` read out for a person: each line's net and adjustments, the campaigns,
    the total. The till's `shopfloor promotions try` and HQ's `shopfloor-hq promotions try`
    both print it, so the two read the same engine's answer the same way."""
    data = json.loads(text)
    lines = [f"{ln['line_id']}: {ln['quantity']} × → {ln['net'] / 100:.2f}"
             + "".join(f"\n    -{a['amount'] / 100:.2f} {a['name']} ({a['reason']})"
                       for a in ln["adjustments"]) for ln in data["lines"]]
    lines += [f"campaign {c['campaign_id']} {c['name']}: saves {c['saving'] / 100:.2f}"
              for c in data["campaigns"]]
    lines.append(f"total {data['total'] / 100:.2f} (discount {data['discount_total'] / 100:.2f})")
    return "\n".join(lines)


def refund_for_return(priced: PricedCart, line_id: str, returning: int,
                      returned_before: int = 0) -> int:
    """What a return of `returning` units of one sold line gives back: that line's net,
    shared by cumulative floor over its units (refunds.line_refund), so every partial return
    of a line sums to exactly what was paid for it and never more. A BOGO pair sold as one
    line of 2 at ¥268 + free gives ¥134 for either unit returned; a free unit on a line of its
    own gives 0."""
    for p in priced.lines:
        if p.line.line_id == line_id:
            left = p.line.quantity - max(0, returned_before)
            if returning < 1 or returning > left:
                raise PosError("return_too_many", left=max(left, 0), name=line_id)
            return line_refund(p.net, p.line.quantity, returned_before, returning)
    raise PosError("line_not_found")

