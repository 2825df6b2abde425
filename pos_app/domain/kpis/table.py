"""The KPI report as a table (the screen, the CSV, the XLSX and HQ's `--csv` all use it, so
every export shows the same figures as the screen) and its CSV bytes.

Cells are exact: money as yuan text with two decimals (from integer fen), ratios as percent
with two decimals from basis points, UPT to two decimals — all rounded halves away from
zero (docs/kpis.md). `numeric=True` gives `Decimal`s for a spreadsheet's number cells.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from pos_app.domain.export_cells import safe_row
from pos_app.domain.kpis.facts import NO_GUIDE
from pos_app.domain.kpis.figures import STORE, GuideKpis, StoreKpis, bp, hundredths
from pos_app.i18n import N_, gettext

COLUMNS: list[str] = [
    N_("Guide"), N_("Net sales (¥)"), N_("Number of sales"), N_("ATV (¥)"), N_("UPT"), N_("Units"),
    N_("Returns"), N_("Returned (¥)"), N_("Return rate %"), N_("New members"),
    N_("Member share %"), N_("Points issued"), N_("Coupons redeemed"), N_("Gifts handed out"),
    N_("Gift compliance %"), N_("Unit-code compliance %"), N_("Overrides"),
    N_("Target (¥)"), N_("Target reached %"),
]
MONEY_COLUMNS = frozenset({1, 3, 7, 17})


def guide_label(row: GuideKpis) -> str:
    if row.guide_id == STORE:
        return gettext("Store total")
    if row.guide_id == NO_GUIDE:
        return gettext("No guide")
    return row.name or row.guide_id


def _yuan(fen: int | None, numeric: bool) -> object:
    if fen is None:
        return "" if not numeric else None
    value = Decimal(fen).scaleb(-2)
    return value if numeric else f"{value:.2f}"


def _hundredths(value: int | None, numeric: bool) -> object:
    if value is None:
        return "" if not numeric else None
    d = Decimal(value).scaleb(-2)
    return d if numeric else f"{d:.2f}"


def row_cells(row: GuideKpis, numeric: bool = False) -> list[object]:
    m, h = _yuan, _hundredths
    return [
        guide_label(row), m(row.net_sales, numeric), row.sales, m(row.atv, numeric),
        h(hundredths(row.upt), numeric), row.units, row.returns,
        m(row.returns_amount, numeric), h(bp(row.return_rate), numeric), row.new_members,
        h(bp(row.member_share), numeric), row.points_issued, row.coupons_redeemed,
        row.gift_redemptions, h(bp(row.gift_compliance), numeric),
        h(bp(row.unit_code_compliance), numeric), row.overrides, m(row.target, numeric),
        h(bp(row.target_progress), numeric),
    ]


def table(kpis: StoreKpis, numeric: bool = False) -> tuple[list[str], list[list[object]]]:
    """(translated headers, one row per guide ranked, then the store's total row)."""
    headers = [gettext(c) for c in COLUMNS]
    rows = [row_cells(g, numeric) for g in kpis.guides]
    rows.append(row_cells(kpis.total, numeric))
    return headers, rows


def csv_bytes(kpis: StoreKpis) -> bytes:
    """UTF-8 with a BOM (Excel in China reads it right), CRLF rows, the period on top."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row([gettext("Period"), kpis.period.label]))
    headers, rows = table(kpis)
    writer.writerow(safe_row(headers))
    for r in rows:
        writer.writerow(safe_row(r))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def figures(row: GuideKpis) -> dict[str, object]:
    """Every stored figure of a row (integers: fen, counts) plus the derived ones in exact
    integer units (atv fen, upt hundredths, ratios basis points) — HQ's JSON answer."""
    out: dict[str, object] = {k: getattr(row, k) for k in row.__dataclass_fields__}
    out.update(net_sales=row.net_sales, atv=row.atv, upt_x100=hundredths(row.upt),
               member_share_bp=bp(row.member_share), gift_compliance_bp=bp(row.gift_compliance),
               unit_code_compliance_bp=bp(row.unit_code_compliance),
               return_rate_bp=bp(row.return_rate), target_progress_bp=bp(row.target_progress))
    return out


def as_json(kpis: StoreKpis) -> dict[str, object]:
    return {
        "store_id": kpis.store_id, "from": kpis.period.start.isoformat(),
        "to": kpis.period.end.isoformat(), "kind": kpis.period.kind,
        "guides": [figures(g) for g in kpis.guides], "total": figures(kpis.total),
        "daily": [[d.isoformat(), fen] for d, fen in kpis.daily],
    }
