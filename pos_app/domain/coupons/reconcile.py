"""Coupon reconciliation (issue 17 item 6): per campaign and per guide, what was issued,
claimed and redeemed, and the anti-leakage equation of gift coupons

    gifts handed out  =  gift coupons redeemed  =  units gifted

with every way it can fail listed as a mismatch. Pure arithmetic over facts HQ (or a test)
gathers; HQ's query is hq/coupons/reconcile_query.py, the till shows HQ's answer.

The three counts, per campaign × guide:
- gifts handed out: the guide's gift redemptions (the gift flow's records, one gift slip each)
  that name a unit code;
- gift coupons redeemed: accepted redemptions of gift coupons by the guide (a gift coupon is
  redeemed only through the gift flow, so each should hand out exactly one unit);
- units gifted: units HQ holds as `gifted` by the guide whose code an accepted redemption of
  the campaign names.
Mismatches: a gift redemption without a unit (`gift_without_unit`), a redeemed gift's unit that
HQ does not hold as gifted (`unit_not_gifted`), a unit gifted that no redemption names
(`unit_gifted_without_coupon`, campaign ""), one unit named by two redemptions
(`unit_gifted_twice`), every conflict (`conflict`: a coupon redeemed twice offline), and an
online redemption whose sale or gift never reached HQ (`unconfirmed`: the till failed to write
it and could not release it, or its event is still queued).

Worked example (tests/domain/coupons/test_reconcile.py): campaign C issued 3 gift coupons,
2 claimed online. Guide g1 redeems coupon 1 with unit U1 (online) and coupon 2 with U2
(offline); guide g2 on a second till redeems coupon 2 again offline with U3 (a conflict).
HQ holds U1 and U2 as gifted by g1, and U9 as gifted by g1 with no coupon. Rows: (C, None)
issued 3, claimed 2; (C, g1) redeemed online 1, offline 1, handed out 2, coupons 2, units 2
— balanced; (C, g2) conflicts 1; ("", g1) units gifted 1 (U9) — not balanced.
Mismatches: conflict (coupon 2) and unit_gifted_without_coupon (U9).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IssuedFact:
    coupon_id: str
    campaign_id: str
    claimed: bool  # reached the member through the claim API


@dataclass(frozen=True)
class RedemptionFact:
    redemption_id: str
    coupon_id: str
    campaign_id: str
    guide_id: str | None
    kind: str  # the coupon's kind
    accepted: bool  # False: a conflict (a later redemption of a coupon already redeemed)
    online: bool
    unit_code: str | None = None
    receipt: str = ""  # receipt number, or the gift redemption id
    confirmed: bool = True  # False: redeemed online, the till's event never came


@dataclass(frozen=True)
class GiftedUnitFact:
    unit_code: str
    guide_id: str | None


@dataclass
class Row:
    campaign_id: str
    guide_id: str | None
    issued: int = 0
    claimed: int = 0
    redeemed_online: int = 0
    redeemed_offline: int = 0
    conflicts: int = 0
    gift_coupons_redeemed: int = 0
    gifts_handed_out: int = 0
    units_gifted: int = 0
    unit_codes: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.gifts_handed_out == self.gift_coupons_redeemed == self.units_gifted


@dataclass(frozen=True)
class Mismatch:
    kind: str
    campaign_id: str
    guide_id: str | None
    coupon_id: str | None
    unit_code: str | None
    detail: str


@dataclass
class Reconciliation:
    rows: list[Row]
    mismatches: list[Mismatch]

    @property
    def balanced(self) -> bool:
        return not self.mismatches and all(r.balanced for r in self.rows)


def reconcile(issued: list[IssuedFact], redemptions: list[RedemptionFact],
              gifted: list[GiftedUnitFact]) -> Reconciliation:
    """The report (module docstring); rows sorted by campaign then guide (None first)."""
    rows: dict[tuple[str, str | None], Row] = {}

    def row(campaign: str, guide: str | None) -> Row:
        return rows.setdefault((campaign, guide), Row(campaign, guide))

    for c in issued:
        r = row(c.campaign_id, None)
        r.issued += 1
        r.claimed += c.claimed
    mismatches: list[Mismatch] = []
    gifted_by = {u.unit_code: u.guide_id for u in gifted}
    named = Counter(r.unit_code for r in redemptions if r.accepted and r.unit_code)
    for red in sorted(redemptions, key=lambda x: (x.campaign_id, x.redemption_id)):
        r = row(red.campaign_id, red.guide_id)
        if not red.accepted:
            r.conflicts += 1
            mismatches.append(Mismatch("conflict", red.campaign_id, red.guide_id,
                                       red.coupon_id, red.unit_code,
                                       f"redeemed again by {red.receipt}"))
            continue
        if not red.confirmed:
            mismatches.append(Mismatch("unconfirmed", red.campaign_id, red.guide_id,
                                       red.coupon_id, red.unit_code,
                                       f"redeemed online for {red.receipt}; no sale or gift "
                                       "from the till yet"))
        if red.online:
            r.redeemed_online += 1
        else:
            r.redeemed_offline += 1
        if red.kind != "gift":
            continue
        r.gift_coupons_redeemed += 1
        if not red.unit_code:
            mismatches.append(Mismatch("gift_without_unit", red.campaign_id, red.guide_id,
                                       red.coupon_id, None, f"{red.receipt} names no unit"))
            continue
        r.gifts_handed_out += 1
        if red.unit_code in gifted_by:
            r.units_gifted += 1
            r.unit_codes.append(red.unit_code)
        else:
            mismatches.append(Mismatch("unit_not_gifted", red.campaign_id, red.guide_id,
                                       red.coupon_id, red.unit_code,
                                       f"{red.receipt}: HQ does not hold the unit as gifted"))
    for code, times in sorted(named.items()):
        if times > 1:
            mismatches.append(Mismatch("unit_gifted_twice", "", None, None, code,
                                       f"named by {times} redemptions"))
    for u in sorted(gifted, key=lambda x: x.unit_code):
        if u.unit_code not in named:
            r = row("", u.guide_id)
            r.units_gifted += 1
            r.unit_codes.append(u.unit_code)
            mismatches.append(Mismatch("unit_gifted_without_coupon", "", u.guide_id, None,
                                       u.unit_code, "gifted with no coupon redeemed"))
    ordered = sorted(rows.values(), key=lambda r: (r.campaign_id, r.guide_id or ""))
    for r in ordered:
        r.unit_codes.sort()
    return Reconciliation(ordered, mismatches)
