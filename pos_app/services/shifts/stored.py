"""A ShiftReport as the JSON a Z row keeps, and back: a reprint reads exactly what the
close computed (never recomputes), so it is byte-identical to the first print."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from pos_app.domain.shifts import DiscountFigures, MoveFigures, ShiftReport, TenderFigures


def report_json(report: ShiftReport) -> str:
    return json.dumps(asdict(report), ensure_ascii=False, sort_keys=True)


def report_from_json(text: str) -> ShiftReport:
    raw: dict[str, Any] = json.loads(text)
    raw["tenders"] = tuple(TenderFigures(**t) for t in raw.get("tenders", ()))
    raw["moves"] = tuple(MoveFigures(**m) for m in raw.get("moves", ()))
    raw["discounts"] = tuple(DiscountFigures(**d) for d in raw.get("discounts", ()))
    raw["cash_pieces"] = tuple((int(f), int(n)) for f, n in raw.get("cash_pieces", ()))
    return ShiftReport(**raw)
