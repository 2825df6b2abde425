"""A store that ran a campaign, for the ROI tests (HQ's report and the till's manager view):
a real HQ, a paired till pricing with the campaign it pulled (holdout 500 ‰), a walk-in,
a treated member and a held-out member each buying two colas, all pushed to HQ."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.domain.cart import Cart
from pos_app.domain.money import div_round_half_up
from pos_app.domain.promotions.holdout import held_out
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.members import MemberService
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill
from tests.sync.test_members_via_hq import sync
from tests.sync.test_promotions_via_hq import promo
from tests.sync.test_reprice_via_hq import COLA, campaign_till

COLA_COST = 200  # fen


@dataclass
class CampaignStore:
    till: PairedTill
    treated: str  # member ids
    held: str
    members: list[str]  # every member enrolled (the holdout splits them all)


def sell(till: PairedTill, member_id: str | None, *codes: str) -> str:
    cart = Cart()
    for code in codes:
        till.scanner.ring(cart, code)
    if member_id:
        cart.attach_member(member_id, "regular")
    total = till.checkout.pricing.price(cart).total
    return till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, total)], till.cashier,
                                       till.shift).sale_id


def campaign_store(hq: HQServer, tmp: Path, monkeypatch: pytest.MonkeyPatch,
                   name: str = "+可乐买一送一") -> CampaignStore:
    till = campaign_till(hq, tmp, monkeypatch)  # c-cola: buy one cola, get one free
    promo(hq, "edit-campaign", "c-cola", "--holdout-permille", "500", "--name", name)
    sync(till)
    with hq.engine.begin() as conn:
        conn.execute(text("UPDATE product SET cost=:c WHERE sku='SKU-COLA'"), {"c": COLA_COST})
    service = MemberService(till.engine, till.terminal)
    members: list[str] = []
    treated = held = None
    for n in range(40):
        member = service.enroll(f"顾客{n}", f"139000000{n:02d}", till.cashier).id
        members.append(member)
        if held_out("c-cola", member, 500):
            held = held or member
        else:
            treated = treated or member
        if treated and held:
            break
    assert treated and held
    sell(till, None, COLA, COLA)  # walk-in: one free
    sell(till, treated, COLA, COLA)  # treated member: one free
    sell(till, held, COLA, COLA)  # held-out member: pays both
    sync(till)
    return CampaignStore(till, treated, held, members)


def expected_holdout(store: CampaignStore) -> dict[str, int]:
    h = sum(held_out("c-cola", m, 500) for m in store.members)
    t = len(store.members) - h
    return {"treated_members": t, "treated_spend": 350, "holdout_members": h,
            "holdout_spend": 700,
            "incremental_vs_holdout": div_round_half_up(350 * h - 700 * t, h)}
