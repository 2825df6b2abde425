"""`shopfloor-hq admin kpis [--store CODE] --from D --to D [--csv | --json]`: guide KPIs.

With --store, one store's figures (the raw computation over its events). Without, every
store at once from the rollup (hq/kpis/rollup.py): one row per store and guide, the store's
total after its guides. The table prints money in yuan; `--csv` is the till's export with a
store column (UTF-8, BOM first); `--json` the API's answer (fen, basis points).
`shopfloor-hq admin kpis-rebuild [--store CODE]` rolls every day up again from the events.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from hq.admin import AdminError, _store_id
from hq.kpis.across import coded
from hq.kpis.across_out import across_csv, across_json, across_rows
from hq.kpis.api import period_of
from hq.kpis.report import store_kpis
from hq.kpis.rollup import rebuild
from pos_app.domain.kpis.table import as_json, csv_bytes, table


def add_arguments(p: Any) -> None:
    p.add_argument("--store", default=None, help="the store's code (default: every store)")
    p.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    p.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="CSV (UTF-8 with BOM)")
    out.add_argument("--json", action="store_true", help="fen and basis points")


def add_rebuild_arguments(p: Any) -> None:
    p.add_argument("--store", default=None, help="one store's code (default: every store)")


def run(engine: Any, args: argparse.Namespace) -> str:
    try:
        period = period_of(args.start, args.end)
    except Exception as exc:
        raise AdminError(str(getattr(exc, "detail", exc))) from None
    if args.store is None:
        return _every_store(engine, period, args)
    with engine.connect() as conn:
        store_id = _store_id(conn, args.store)
    kpis = store_kpis(engine, store_id, period)
    if args.csv:
        return csv_bytes(kpis).decode("utf-8").rstrip("\r\n")
    if args.json:
        return json.dumps(as_json(kpis), ensure_ascii=False, sort_keys=True, indent=2)
    headers, rows = table(kpis)
    lines = [f"{args.store} {period.label}", "\t".join(headers)]
    lines += ["\t".join("" if c is None else str(c) for c in r) for r in rows]
    return "\n".join(lines)


def _every_store(engine: Any, period: Any, args: argparse.Namespace) -> str:
    reports = coded(engine, period)
    if args.csv:
        return across_csv(reports, period.label).decode("utf-8").rstrip("\r\n")
    if args.json:
        return json.dumps(across_json(reports, period.start.isoformat(),
                                      period.end.isoformat(), period.kind),
                          ensure_ascii=False, sort_keys=True, indent=2)
    headers, rows = across_rows(reports)
    lines = [period.label, "\t".join(headers)]
    lines += ["\t".join("" if c is None else str(c) for c in r) for r in rows]
    return "\n".join(lines)


def run_rebuild(engine: Any, args: argparse.Namespace) -> str:
    stores = None
    if args.store is not None:
        with engine.connect() as conn:
            stores = [_store_id(conn, args.store)]
    days, rows = rebuild(engine, stores)
    return f"rolled up {days} store-days ({rows} rows)"
