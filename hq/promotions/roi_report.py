"""A campaign ROI report in the forms people read it: the API's rows (fen), the CLI's table
and the CSV export (yuan, cells through pos_app.domain.export_cells so a campaign named
`=HYPERLINK(…)` stays text in a spreadsheet)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from hq.promotions.roi_query import CampaignReport
from pos_app.domain.export_cells import safe_row
from pos_app.domain.money import yuan_text
from sync.contract.roi_api import CampaignRoiRow

MONEY = ("revenue", "discount", "gift_cost", "cost", "margin", "revenue_products",
         "revenue_before", "incremental_vs_before", "treated_spend", "treated_per_member",
         "holdout_spend", "holdout_per_member", "incremental_vs_holdout")
COLUMNS = ("campaign_id", "name", "status", "stores", "start", "end", "holdout_permille",
           "orders", "units", "revenue", "discount", "gift_units", "gift_cost", "cost", "margin",
           "uncosted_units", "members_reached", "new_members", "revenue_products",
           "revenue_before", "incremental_vs_before", "treated_members", "treated_spend",
           "treated_per_member", "holdout_members", "holdout_spend", "holdout_per_member",
           "incremental_vs_holdout")


def roi_row(report: CampaignReport) -> CampaignRoiRow:
    r = report.roi
    return CampaignRoiRow(
        campaign_id=report.campaign_id, name=report.name, status=report.status,
        stores=list(report.stores), start=report.start.isoformat(),
        end=report.end.isoformat(), holdout_permille=report.holdout_permille,
        orders=r.orders, units=r.units, revenue=r.revenue, discount=r.discount,
        gift_units=r.gift_units, gift_cost=r.gift_cost, cost=r.cost, margin=r.margin,
        uncosted_units=r.uncosted_units, members_reached=r.members_reached,
        new_members=r.new_members, revenue_products=r.revenue_products,
        revenue_before=r.revenue_before, incremental_vs_before=r.incremental_vs_before,
        treated_members=r.treated_members, treated_spend=r.treated_spend,
        treated_per_member=r.per_member(r.treated_spend, r.treated_members),
        holdout_members=r.holdout_members, holdout_spend=r.holdout_spend,
        holdout_per_member=r.per_member(r.holdout_spend, r.holdout_members),
        incremental_vs_holdout=r.incremental_vs_holdout)


def _yuan(fen: int | None) -> Decimal | str:
    """Yuan as a number (a spreadsheet keeps −12.34 a value, not a formula); '' for none."""
    return "" if fen is None else Decimal(fen).scaleb(-2)


def csv_text(reports: Sequence[CampaignReport], codes: dict[str, str]) -> str:
    """One row per campaign, money in yuan, stores by code."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for report in reports:
        data = roi_row(report).model_dump()
        data["stores"] = " ".join(codes.get(s, s) for s in data["stores"]) or "*"
        writer.writerow(safe_row(_yuan(data[c]) if c in MONEY else data[c] for c in COLUMNS))
    return out.getvalue()


def table_text(reports: Sequence[CampaignReport], codes: dict[str, str]) -> str:
    """The CLI's view: a block per campaign, money in yuan."""
    if not reports:
        return "no campaigns"
    out = []
    for report in reports:
        d = roi_row(report).model_dump()
        y = {k: ("-" if d[k] is None else yuan_text(d[k])) for k in MONEY}
        stores = ",".join(codes.get(s, s) for s in d["stores"]) or "all stores"
        out.append("\n".join((
            f"{d['campaign_id']}  {d['name']}  ({d['status']}, {stores}, "
            f"{d['start'][:16]} → {d['end'][:16]} UTC)",
            f"  orders {d['orders']}  units {d['units']}  revenue {y['revenue']}  "
            f"discount {y['discount']}",
            f"  gifts {d['gift_units']} at cost {y['gift_cost']}  cost {y['cost']}  "
            f"margin {y['margin']}" + (f"  ({d['uncosted_units']} units without cost)"
                                       if d["uncosted_units"] else ""),
            f"  members reached {d['members_reached']}  new {d['new_members']}",
            f"  its products {y['revenue_products']} vs {y['revenue_before']} before: "
            f"{y['incremental_vs_before']}",
            f"  holdout {d['holdout_permille']}‰: treated {d['treated_members']} × "
            f"{y['treated_per_member']}, held out {d['holdout_members']} × "
            f"{y['holdout_per_member']}: incremental {y['incremental_vs_holdout']}")))
    return "\n".join(out)
