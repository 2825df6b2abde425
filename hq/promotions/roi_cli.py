"""`shopfloor-hq promotions roi`: what each campaign earned (issue 16 item 6).

    shopfloor-hq promotions roi [CAMPAIGN_ID ...] [--store CODE] [--json | --csv FILE]

Without ids, every campaign (newest first); `--store` measures only that store's sales (the
campaigns for it). The table and the CSV print money in yuan; `--json` is the API's rows
(fen). `--csv -` writes the CSV to standard output.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from hq.admin import AdminError, _store_id
from hq.db import open_database
from hq.promotions.roi_query import campaign_reports
from hq.promotions.roi_report import csv_text, roi_row, table_text
from hq.promotions.service import store_codes


def add_parser(cmds: Any, db: argparse.ArgumentParser) -> None:
    roi = cmds.add_parser("roi", parents=[db], help="what each campaign earned")
    roi.add_argument("campaign", nargs="*", help="campaign ids (default: every campaign)")
    roi.add_argument("--store", default=None, help="one store's sales only (its code)")
    out = roi.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="the API's rows, money in fen")
    out.add_argument("--csv", default=None, metavar="FILE", help="CSV in yuan ('-': print)")


def run(args: argparse.Namespace) -> str:
    engine = open_database(args.database_url)
    try:
        store_id = None
        if args.store is not None:
            with engine.connect() as conn:
                store_id = _store_id(conn, args.store)
        reports = campaign_reports(engine, tuple(args.campaign), store_id)
        missing = sorted(set(args.campaign) - {r.campaign_id for r in reports})
        if missing and store_id is None:
            raise AdminError(f"unknown campaign {missing[0]!r}")
        codes = store_codes(engine)
        if args.json:
            return json.dumps([roi_row(r).model_dump() for r in reports], ensure_ascii=False,
                              sort_keys=True, indent=2)
        if args.csv is not None:
            text = csv_text(reports, codes)
            if args.csv == "-":
                return text.rstrip("\n")
            try:
                Path(args.csv).write_text(text, encoding="utf-8-sig", newline="")
            except OSError as exc:
                raise AdminError(f"cannot write {args.csv}: {exc.strerror or exc}") from exc
            return f"wrote {len(reports)} campaigns to {args.csv}"
        return table_text(reports, codes)
    finally:
        engine.dispose()
