"""HQ's facts for the coupon reconciliation (pos_app/domain/coupons/reconcile.py does the
arithmetic), its wire and CSV forms, and the list of conflicts.

Narrowed to a store (a till's own view): coupons of definitions honoured there (no store list,
or one naming it), redemptions made there, units gifted there. Narrowed to campaigns: theirs.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import Engine, select

from hq import models as m
from hq.coupons.lookup import utc
from pos_app.domain.coupons.reconcile import (
    GiftedUnitFact,
    IssuedFact,
    Reconciliation,
    RedemptionFact,
    reconcile,
)
from pos_app.domain.export_cells import safe_row
from sync.contract.coupons_api import CouponReconciliation, ReconMismatch, ReconRow

COUPON, DEF, RED = m.Coupon.__table__, m.CouponDefinition.__table__, m.CouponRedemption.__table__
UNIT, CAMPAIGN, STORE = m.Unit.__table__, m.Campaign.__table__, m.Store.__table__


def gather(engine: Engine, campaigns: list[str] | None = None, store_id: str | None = None
           ) -> tuple[Reconciliation, dict[str, str]]:
    """The report and the campaigns' names."""
    with engine.connect() as conn:
        stores_of = {d.id: json.loads(d.stores) for d in conn.execute(
            select(DEF.c.id, DEF.c.stores))}
        coupons = conn.execute(select(COUPON.c.id, COUPON.c.campaign, COUPON.c.kind,
                                      COUPON.c.channel, COUPON.c.definition_id)).all()
        reds = conn.execute(select(RED).where(RED.c.status.in_(("accepted", "conflict")))).all()
        gifted = conn.execute(select(UNIT.c.unit_key, UNIT.c.guide_id, UNIT.c.store_id)
                              .where(UNIT.c.state == "gifted")).all()
        names = dict(conn.execute(select(CAMPAIGN.c.id, CAMPAIGN.c.name)).all())
    by_id = {c.id: c for c in coupons}

    def wanted(campaign: str) -> bool:
        return not campaigns or campaign in campaigns

    issued = [IssuedFact(c.id, c.campaign, c.channel == "claim") for c in coupons
              if wanted(c.campaign) and (store_id is None or not stores_of.get(
                  c.definition_id or "") or store_id in stores_of[c.definition_id])]
    facts = [RedemptionFact(
        r.id, r.coupon_id, by_id[r.coupon_id].campaign, r.guide_id, by_id[r.coupon_id].kind,
        r.status == "accepted", r.online, r.unit_code,
        r.receipt_no or f"gift {r.gift_redemption_id}", r.confirmed)
        for r in reds if r.coupon_id in by_id and wanted(by_id[r.coupon_id].campaign)
        and (store_id is None or r.store_id == store_id)]
    named = {f.unit_code for f in facts if f.accepted and f.unit_code}
    units = [GiftedUnitFact(u.unit_key, u.guide_id) for u in gifted
             if (store_id is None or u.store_id == store_id)
             and (not campaigns or u.unit_key in named)]
    return reconcile(issued, facts, units), names


def report(engine: Engine, campaigns: list[str] | None = None, store_id: str | None = None
           ) -> CouponReconciliation:
    rep, names = gather(engine, campaigns, store_id)
    return CouponReconciliation(
        store_id=store_id, balanced=rep.balanced,
        rows=[ReconRow(campaign_id=r.campaign_id, campaign_name=names.get(r.campaign_id, ""),
                       guide_id=r.guide_id, issued=r.issued, claimed=r.claimed,
                       redeemed_online=r.redeemed_online, redeemed_offline=r.redeemed_offline,
                       conflicts=r.conflicts, gift_coupons_redeemed=r.gift_coupons_redeemed,
                       gifts_handed_out=r.gifts_handed_out, units_gifted=r.units_gifted,
                       unit_codes=r.unit_codes, balanced=r.balanced) for r in rep.rows],
        mismatches=[ReconMismatch(kind=x.kind, campaign_id=x.campaign_id, guide_id=x.guide_id,
                                  coupon_id=x.coupon_id, unit_code=x.unit_code,
                                  detail=x.detail[:200]) for x in rep.mismatches])


COLUMNS = ["campaign", "name", "guide", "issued", "claimed", "redeemed_online",
           "redeemed_offline", "conflicts", "gifts_handed_out", "gift_coupons_redeemed",
           "units_gifted", "balanced", "unit_codes"]


def csv_text(rep: CouponReconciliation) -> str:
    """One line per campaign × guide, then one per mismatch; cells through export_cells."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rep.rows:
        w.writerow(safe_row([r.campaign_id, r.campaign_name, r.guide_id or "", r.issued,
                             r.claimed, r.redeemed_online, r.redeemed_offline, r.conflicts,
                             r.gifts_handed_out, r.gift_coupons_redeemed, r.units_gifted,
                             "yes" if r.balanced else "NO", " ".join(r.unit_codes)]))
    w.writerow([])
    w.writerow(["mismatch", "campaign", "guide", "coupon", "unit", "detail"])
    for x in rep.mismatches:
        w.writerow(safe_row([x.kind, x.campaign_id, x.guide_id or "", x.coupon_id or "",
                             x.unit_code or "", x.detail]))
    return out.getvalue()


def conflicts(engine: Engine) -> list[dict[str, Any]]:
    """Every coupon redeemed twice: the accepted redemption beside each conflicting one."""
    with engine.connect() as conn:
        codes = dict(conn.execute(select(STORE.c.id, STORE.c.code)).all())
        later = conn.execute(select(RED, COUPON.c.code).join(COUPON, COUPON.c.id == RED.c.coupon_id)
                             .where(RED.c.status == "conflict")
                             .order_by(RED.c.received_at, RED.c.id)).all()
        out = []
        for r in later:
            first = conn.execute(select(RED).where(RED.c.coupon_id == r.coupon_id,
                                                   RED.c.status == "accepted")).first()
            out.append({"coupon": r.code, "coupon_id": r.coupon_id,
                        "first": _side(first, codes), "conflict": _side(r, codes)})
    return out


def _side(r: Any, codes: dict[str, str]) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"store": codes.get(r.store_id, r.store_id),
            "receipt": r.receipt_no or f"gift {r.gift_redemption_id}",
            "guide": r.guide_id, "unit": r.unit_code, "online": r.online,
            "redeemed_at": utc(r.redeemed_at).isoformat()}
