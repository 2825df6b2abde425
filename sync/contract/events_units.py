"""`units.received` (pos_app/services/units.py `UnitService._receive`) and `units.sold`
(pos_app/services/checkout.py: a sale's unit moves, right after its `sale.completed`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from sync.contract.events_sale import SaleUnitMove
from sync.contract.fields import Id, Payload, UnitKey, no_nul


class ReceivedUnit(Payload):
    id: Id
    unit_key: UnitKey
    product_id: Id
    gtin: Annotated[str, Field(pattern=r"^\d{14}$")] | None = None
    sku: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    serial: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(no_nul)]
    lot: Annotated[str, Field(max_length=64), AfterValidator(no_nul)] | None = None
    expiry: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    state: Literal["in_stock"]


class UnitsReceivedPayload(Payload):
    store_id: Id
    units: list[ReceivedUnit] = Field(min_length=1, max_length=10_000)

    @model_validator(mode="after")
    def _unique(self) -> UnitsReceivedPayload:
        if len({u.unit_key for u in self.units}) != len(self.units):
            raise ValueError("duplicate unit_key")
        if len({u.id for u in self.units}) != len(self.units):
            raise ValueError("duplicate unit id")
        return self


class UnitsSoldPayload(Payload):
    """A sale's unit moves as their own event, right after its `sale.completed` (HQ also
    takes them inside the sale payload's `unit_moves`; the till still sends them apart)."""

    sale_id: Id
    store_id: Id
    moves: list[SaleUnitMove] = Field(min_length=1, max_length=1000)
