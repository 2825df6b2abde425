"""Rows of the `promotions` stream: one campaign HQ authored, with its rules.

A row is a campaign of docs/promotions.md's rules format (`id`, `name`, window, stores,
members, `rules`) plus what the format leaves to HQ: its `status` (an ended campaign stops on
the next pull), the share of members held back (`holdout_permille`, for the ROI report) and
when HQ last changed it. The rules are checked with the domain's own parser here, so a till
refuses a row its engine could not price with (hq_bad_response) instead of keeping it.

Per store: a campaign for every store is published once with no store; one for some stores
once per store, so a till receives only its own (sync.contract.streams, per_store).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from pos_app.domain.promotions import PromotionError, rules_from_data
from sync.contract.fields import Id, Strict, Text

RULES_FORMAT = 1  # docs/promotions.md "format"
CampaignStatus = Literal["active", "ended"]


class PromotionData(Strict):
    """`promotions` stream row (key = campaign id)."""

    id: Id
    name: Text
    status: CampaignStatus = "active"
    starts_at: str | None = None  # store-local ISO 8601, no offset (inclusive)
    ends_at: str | None = None  # store-local, exclusive
    stores: list[Id] = Field(default_factory=list)  # HQ store ids; empty: every store
    members_only: bool = False
    member_tiers: list[Text] = Field(default_factory=list)
    holdout_permille: int = Field(default=0, ge=0, le=1000)
    rules: list[dict[str, Any]] = Field(default_factory=list, max_length=500)
    ended_at: str | None = None  # UTC ISO 8601, when HQ ended it
    updated_at: str = ""  # UTC ISO 8601, HQ's last change

    @model_validator(mode="after")
    def _rules_the_engine_reads(self) -> PromotionData:
        if self.rules:
            try:
                rules_from_data({"format": RULES_FORMAT, "campaigns": [self.campaign_doc()]})
            except PromotionError as exc:
                raise ValueError(f"{exc.code}: {exc.message()}") from None
        return self

    def campaign_doc(self) -> dict[str, Any]:
        """The campaign in the rules format (what `parse_rules` reads inside "campaigns");
        `holdout_permille` rides along (the parser ignores it, the ROI report reads it)."""
        doc: dict[str, Any] = {"id": self.id, "name": self.name, "stores": list(self.stores),
                               "members_only": self.members_only,
                               "member_tiers": list(self.member_tiers),
                               "holdout_permille": self.holdout_permille,
                               "rules": [dict(rule) for rule in self.rules]}
        if self.starts_at is not None:
            doc["starts_at"] = self.starts_at
        if self.ends_at is not None:
            doc["ends_at"] = self.ends_at
        return doc


def rules_document(campaigns: list[dict[str, Any]]) -> dict[str, Any]:
    """Campaign docs as one rules document (`rules_from_data` / `parse_rules` input)."""
    return {"format": RULES_FORMAT, "campaigns": campaigns}
