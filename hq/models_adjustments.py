"""What made each pushed sale line's discounts, rule by rule, as the till sent them
(sync.contract.events_sale.SaleLineAdjustment): the member price, the cashier's discounts,
and every campaign's share (issue 16).

Kept so the ROI report can tell what each campaign took off each line: an order with several
campaigns is split by these rows, never counted twice. `campaign_id` is the campaign behind a
`promo.*` adjustment (its rule id is `<campaign id>/<rule id>`), NULL for the built-in rules;
indexed because the report starts from it. Same MetaData as hq.models (which imports this).
"""

from __future__ import annotations

from sqlalchemy import Column, Text
from sqlmodel import Field

from hq.models_base import HQModel


class SaleLineAdjustment(HQModel, table=True):
    __tablename__ = "sale_line_adjustment"
    sale_line_id: str = Field(foreign_key="sale_line.id", primary_key=True, max_length=64)
    seq: int = Field(primary_key=True)  # 1…: the order the rules ran in
    sale_id: str = Field(foreign_key="sale.id", index=True, max_length=64)
    kind: str = Field(max_length=32)  # member_price | manual_line | manual_order | promo.<kind>
    rule_id: str = Field(max_length=64)
    campaign_id: str | None = Field(default=None, max_length=64, index=True)
    name: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    amount: int  # fen, > 0
    scope: str = Field(max_length=8)  # line | order
