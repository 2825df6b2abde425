"""`shopfloor classify`: show how the till would read scanned codes, for support calls.

Prints JSON so a support engineer can paste the output into a ticket unchanged.
"""

from __future__ import annotations

import json

from pos_app.domain.codes import Classified, classify

_ALWAYS = ("gtin", "serial", "lot", "sku")
_WHEN_SET = ("member_ref", "coupon", "sale_id", "receipt_no", "barcode")


def _as_dict(code: str, result: Classified) -> dict:
    out: dict = {"input": code, "kind": str(result.kind)}
    for key in _ALWAYS:
        out[key] = getattr(result, key)
    out["expiry"] = result.expiry.isoformat() if result.expiry else None
    out["error"] = result.error or None
    for key in _WHEN_SET:
        value = getattr(result, key)
        if value is not None:
            out[key] = value
    return out


def classify_json(codes: list[str]) -> list[dict]:
    """One dict per input, in order, with the keys the CLI prints."""
    return [_as_dict(code, classify(code, "any")) for code in codes]


def classify_cli(codes: list[str]) -> int:
    """Print one JSON object per line; always succeeds (an unreadable code is an answer)."""
    for row in classify_json(codes):
        print(json.dumps(row, ensure_ascii=False))
    return 0
