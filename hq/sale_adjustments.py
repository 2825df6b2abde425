"""A pushed sale's line adjustments as `sale_line_adjustment` rows (hq/models_adjustments.py),
the same facts the till keeps in its own table: one row per rule per line, `seq` in the order
the rules ran, the campaign named for a campaign's rule. Both apply paths (per event and in
bulk) insert these right after the sale's lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert

from hq import models as m
from pos_app.domain.pricing import RuleRef
from pos_app.domain.promotions import campaign_of
from sync.contract.events_sale import SalePayload

INSERT_ADJUSTMENT = insert(m.SaleLineAdjustment.__table__)


def adjustment_rows(sales: Iterable[SalePayload]) -> list[dict[str, Any]]:
    """Every adjustment of every line of `sales`; empty for sales at list price."""
    return [
        {"sale_line_id": ln.id, "seq": seq, "sale_id": p.id, "kind": a.kind,
         "rule_id": a.rule_id, "campaign_id": campaign_of(RuleRef(a.kind, a.rule_id, a.name)),
         "name": a.name, "reason": a.reason, "amount": a.amount, "scope": a.scope}
        for p in sales for ln in p.lines for seq, a in enumerate(ln.adjustments, start=1)
    ]
