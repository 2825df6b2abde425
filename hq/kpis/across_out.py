"""Every store's guide KPIs as one table (issue 19-C): one row per store and guide, the
store's total after its guides, the store's code first — for `shopfloor-hq admin kpis`
without --store and `GET /v1/admin/kpis` without store=. The columns are the till's export
(pos_app.domain.kpis.table), so a store's rows read as its own CSV does."""

from __future__ import annotations

import csv
import io

from pos_app.domain.export_cells import safe_row
from pos_app.domain.kpis import StoreKpis
from pos_app.domain.kpis.table import as_json, table


def across_rows(reports: list[tuple[str, StoreKpis]]) -> tuple[list[str], list[list[object]]]:
    """(headers, rows) for [(store code, its report)]."""
    if not reports:
        return ["Store"], []
    headers = ["Store", *table(reports[0][1])[0]]  # HQ's word; the till's translated columns
    rows = [[code, *r] for code, kpis in reports for r in table(kpis)[1]]
    return headers, rows


def across_csv(reports: list[tuple[str, StoreKpis]], label: str) -> bytes:
    """UTF-8 with a BOM, CRLF rows, the period on top: the till's CSV with a store column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(["Period", label]))
    headers, rows = across_rows(reports)
    for r in (headers, *rows):
        writer.writerow(safe_row(r))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def across_json(reports: list[tuple[str, StoreKpis]], start: str, end: str,
                kind: str) -> dict[str, object]:
    """Fen and basis points, each store as the single-store answer plus its code."""
    return {"from": start, "to": end, "kind": kind,
            "stores": [{"store_code": code, **as_json(k)} for code, k in reports]}
