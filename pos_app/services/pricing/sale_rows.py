"""A priced sale's adjustments as `sale_line_adjustment` rows and as the `sale.completed`
event carries them: the same facts, so the till's records and HQ's never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pos_app.domain.pricing import Adjustment, PricedLine


def wire_adjustment(a: Adjustment) -> dict[str, Any]:
    """sync.contract.SaleLineAdjustment's fields."""
    return {"kind": a.rule.kind, "rule_id": a.rule.rule_id, "name": a.rule.name,
            "reason": a.reason, "amount": a.amount, "scope": a.scope}


def adjustment_rows(
    sale_id: str, line_ids: Sequence[str], priced: Sequence[PricedLine]
) -> list[dict[str, Any]]:
    """One row per adjustment, `seq` in the order the rules ran; empty for a sale at list
    price with no discount (the common case writes nothing more)."""
    return [
        {"sale_line_id": line_id, "seq": seq, "sale_id": sale_id, **wire_adjustment(a)}
        for line_id, p in zip(line_ids, priced, strict=True)
        for seq, a in enumerate(p.adjustments, start=1)
    ]
