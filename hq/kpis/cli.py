"""`shopfloor-hq admin kpis --store CODE --from D --to D [--csv]`: one store's guide KPIs.

The table prints money in yuan; `--csv` prints the till's export (UTF-8, BOM first); `--json`
the API's answer (fen, basis points).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from hq.admin import AdminError, _store_id
from hq.kpis.api import period_of
from hq.kpis.report import store_kpis
from pos_app.domain.kpis.table import as_json, csv_bytes, table


def add_arguments(p: Any) -> None:
    p.add_argument("--store", required=True, help="the store's code")
    p.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    p.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="CSV (UTF-8 with BOM)")
    out.add_argument("--json", action="store_true", help="fen and basis points")


def run(engine: Any, args: argparse.Namespace) -> str:
    with engine.connect() as conn:
        store_id = _store_id(conn, args.store)
    try:
        period = period_of(args.start, args.end)
    except Exception as exc:
        raise AdminError(str(getattr(exc, "detail", exc))) from None
    kpis = store_kpis(engine, store_id, period)
    if args.csv:
        return csv_bytes(kpis).decode("utf-8").rstrip("\r\n")
    if args.json:
        return json.dumps(as_json(kpis), ensure_ascii=False, sort_keys=True, indent=2)
    headers, rows = table(kpis)
    lines = [f"{args.store} {period.label}", "\t".join(headers)]
    lines += ["\t".join("" if c is None else str(c) for c in r) for r in rows]
    return "\n".join(lines)
