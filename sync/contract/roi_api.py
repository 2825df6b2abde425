"""Campaign ROI as HQ answers it (issue 16 item 6): GET /v1/promotions/roi for a till's own
store (the manager's view) and GET /v1/admin/campaigns/roi for HQ staff. Money is integer
fen; the figures are pos_app.domain.promotions.roi's (docs/promotions.md "ROI")."""

from __future__ import annotations

from pydantic import Field

from sync.contract.fields import Id, Strict, Text

Count = int
Money = int  # fen, may be negative (a margin, a lift)


class CampaignRoiRow(Strict):
    campaign_id: Id
    name: Text
    status: Text
    stores: list[Id] = Field(default_factory=list)  # measured at these stores; empty: every store
    start: str  # UTC ISO 8601
    end: str  # UTC ISO 8601, exclusive
    holdout_permille: int = Field(ge=0, le=1000)
    orders: Count = Field(ge=0)
    units: Count = Field(ge=0)
    revenue: Money
    discount: Money
    gift_units: Count = Field(ge=0)
    gift_cost: Money
    cost: Money
    margin: Money
    uncosted_units: Count = Field(ge=0)
    members_reached: Count = Field(ge=0)
    new_members: Count = Field(ge=0)
    revenue_products: Money  # its products' revenue in the window
    revenue_before: Money  # … in the same-length period before
    incremental_vs_before: Money
    treated_members: Count = Field(ge=0)
    treated_spend: Money
    treated_per_member: Money | None = None
    holdout_members: Count = Field(ge=0)
    holdout_spend: Money
    holdout_per_member: Money | None = None
    incremental_vs_holdout: Money | None = None  # None: nobody held out


class CampaignRoiResponse(Strict):
    store_id: Id | None = None  # the store the report is narrowed to
    campaigns: list[CampaignRoiRow] = Field(default_factory=list, max_length=1000)
