"""What HQ accepts as a campaign or a rule: exactly what the tills' engine accepts.

Every check is the domain parser's (`rules_from_data`), so HQ and till agree on what a valid
rule is and a refusal carries the domain's code (`promo_products_empty`,
`promo_percent_invalid`, `promo_tiers_not_increasing`, `promo_dates_unordered` …) and its
message. A new rule is checked together with every active campaign's rules, because a till
prices with all of them at once: two campaigns claiming one exclusivity lane
(`promo_lane_shared`) would otherwise be refused by the tills, not here.
"""

from __future__ import annotations

import json
from typing import Any

from hq.admin import AdminError
from pos_app.domain.promotions import PromotionError, rules_from_data
from sync.contract.streams_promotions import rules_document

# A campaign without rules yet is checked with this harmless stand-in, so its own fields
# (window, tiers, stores) go through the same parser its rules will.
_PROBE = {"id": "probe", "kind": "order_percent_off", "percent": 1}


class CampaignRefusedError(AdminError):
    """A campaign or rule the domain refuses; `code` is the PromotionError's."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.text = message


MAX_RULES = 500  # per campaign, as the stream row allows
MAX_NAME = 200


def check_texts(name: str, *texts: str) -> None:
    """What the parser does not judge but the stream row and PostgreSQL do: a name of at
    most 200 characters, no NUL anywhere."""
    if not name.strip() or len(name) > MAX_NAME:
        raise CampaignRefusedError("promo_field_invalid", "a name is 1 to 200 characters")
    if any("\x00" in t for t in (name, *texts)):
        raise CampaignRefusedError("promo_field_invalid", "NUL character not allowed")


def refused(exc: PromotionError) -> CampaignRefusedError:
    return CampaignRefusedError(exc.code, exc.message())


def check_campaign(doc: dict[str, Any]) -> None:
    """A campaign's own fields (id, name, window, tiers), with a stand-in rule."""
    try:
        rules_from_data(rules_document([{**doc, "rules": [_PROBE]}]))
    except PromotionError as exc:
        if str(exc.params.get("rule", "")).endswith("/" + _PROBE["id"]):
            exc.params["rule"] = doc.get("id", "")  # the campaign's field, not the stand-in's
        raise refused(exc) from None


def check_rules(campaigns: list[dict[str, Any]]) -> None:
    """Every campaign a till could hold at once, parsed as one rules document."""
    try:
        rules_from_data(rules_document([c for c in campaigns if c.get("rules")]))
    except PromotionError as exc:
        raise refused(exc) from None


def rule_fields(rule: Any) -> dict[str, Any]:
    """The listing copies of a rule (its JSON stays the truth); refuses a non-object or one
    without a text id before the parser names it by position."""
    if not isinstance(rule, dict):
        raise CampaignRefusedError("promo_field_invalid", "a rule is a JSON object")
    if "\\u0000" in json.dumps(rule):
        raise CampaignRefusedError("promo_field_invalid", "NUL character not allowed")
    rule_id, group = rule.get("id"), rule.get("group")
    if not isinstance(rule_id, str) or not rule_id.strip() or len(rule_id) > 64:
        raise CampaignRefusedError("promo_field_invalid", "a rule needs an \"id\" (text, ≤ 64)")
    priority = rule.get("priority", 1)
    return {"rule_id": rule_id, "kind": str(rule.get("kind", ""))[:32],
            "priority": priority if isinstance(priority, int) else 1,
            "rule_group": group if isinstance(group, str) else None,
            "stackable": rule.get("stackable", True) is not False}
