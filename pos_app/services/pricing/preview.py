"""`shopfloor promotions try`: a cart priced with rules, both read from JSON files, printed as
the engine's canonical JSON (`priced_json`) or a short reading of it.

It needs no store: HQ staff, support and tests check a campaign before it goes live, and the
bytes are those `shopfloor-hq promotions try` prints (one engine, one output; the reading
is the same too). Formats: docs/promotions.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import parse_cart, parse_rules, price_promotions, priced_json
from pos_app.errors import PosError


def preview(rules_path: Path, cart_path: Path, as_json: bool) -> str:
    """The priced cart; a PromotionError (a PosError with the domain's code) when a file is
    not a valid rules or cart document, PosError("import_file_unreadable") when one cannot
    be read."""
    rules = parse_rules(_read(rules_path))
    cart, context = parse_cart(_read(cart_path))
    text = priced_json(price_promotions(cart, [*CART_RULES, *rules], context), rules)
    return text if as_json else reading(text)


def reading(text: str) -> str:
    """priced_json read out: each line's net and adjustments, the campaigns, the total."""
    data = json.loads(text)
    lines = [f"{ln['line_id']}: {ln['quantity']} × → {ln['net'] / 100:.2f}"
             + "".join(f"\n    -{a['amount'] / 100:.2f} {a['name']} ({a['reason']})"
                       for a in ln["adjustments"]) for ln in data["lines"]]
    lines += [f"campaign {c['campaign_id']} {c['name']}: saves {c['saving'] / 100:.2f}"
              for c in data["campaigns"]]
    lines.append(f"total {data['total'] / 100:.2f} (discount {data['discount_total'] / 100:.2f})")
    return "\n".join(lines)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PosError("import_file_unreadable", path=str(path), detail=exc.strerror or str(exc)) \
            from exc
