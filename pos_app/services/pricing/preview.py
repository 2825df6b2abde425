"""`shopfloor promotions try`: a cart priced with rules, both read from JSON files, printed as
the engine's canonical JSON (`priced_json`) or a short reading of it.

It needs no store: HQ staff, support and tests check a campaign before it goes live, and the
bytes are those `shopfloor-hq promotions try` prints (one engine, one output; the reading
is the same too). Formats: docs/promotions.md.
"""

from __future__ import annotations

from pathlib import Path

from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import (
    parse_cart,
    parse_rules,
    price_promotions,
    priced_json,
    priced_reading,
)
from pos_app.errors import PosError


def preview(rules_path: Path, cart_path: Path, as_json: bool) -> str:
    """The priced cart; a PromotionError (a PosError with the domain's code) when a file is
    not a valid rules or cart document, PosError("import_file_unreadable") when one cannot
    be read."""
    rules = parse_rules(_read(rules_path))
    cart, context = parse_cart(_read(cart_path))
    text = priced_json(price_promotions(cart, [*CART_RULES, *rules], context), rules)
    return text if as_json else priced_reading(text)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PosError("import_file_unreadable", path=str(path), detail=exc.strerror or str(exc)) \
            from exc
