"""Reading JSON objects field by field with refusals that name the rule and the field, for
the rules and cart parsers (money is integer fen in JSON too: never a float)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pos_app.domain.promotions.errors import PromotionError

MISSING: Any = object()


class Fields:
    """One JSON object and the name it is refused under (a rule, a campaign, a cart line)."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise PromotionError("promo_field_invalid", rule=where, field="{}")
        self.data: dict[str, Any] = data
        self.where = where

    def refuse(self, field: str) -> PromotionError:
        return PromotionError("promo_field_invalid", rule=self.where, field=field)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, default: Any = MISSING) -> str:
        value = self.data.get(key, default)
        if value is MISSING or not isinstance(value, str) or (default is MISSING
                                                              and not value.strip()):
            raise self.refuse(key)
        return value

    def integer(self, key: str, low: int, high: int | None = None,
                default: Any = MISSING) -> Any:
        value = self.data.get(key)
        if value is None:
            if default is MISSING:
                raise self.refuse(key)
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (
                high is not None and value > high):
            raise self.refuse(key)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.refuse(key)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.refuse(key)
        return tuple(sorted(set(value)))

    def moment(self, key: str) -> datetime | None:
        """A store-local time: ISO 8601 without an offset ("2026-12-12T00:00" or a date)."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is not None:
            raise self.refuse(key)
        return moment

    def child(self, key: str, where: str) -> Fields:
        return Fields(self.data.get(key) or {}, where)
