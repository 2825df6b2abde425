"""Building blocks of HQ's strict payload models (hq.payloads, hq.payloads_units)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

MAX_FEN = 1_000_000_000  # 10 million yuan: far above any sale, well inside a 32-bit column


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL character not allowed")
    return value


Id = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_no_nul)]
Text = Annotated[str, Field(max_length=200), AfterValidator(_no_nul)]
LongText = Annotated[str, Field(max_length=20_000), AfterValidator(_no_nul)]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN)]


UnitKey = Annotated[str, Field(min_length=3, max_length=120), AfterValidator(_no_nul)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SaleUnitMove(Payload):
    """One `unit_moves` entry of a sale: pos_app/services/units.py `mark_sold`."""

    unit_key: UnitKey
    unit_id: Id
    from_: Literal["in_stock"] | None = Field(alias="from")  # None: manager override
    to: Literal["sold"]
    sale_line_id: Id
    reason: Text  # "sale", or "override:<manager staff id>" when from is None

    @model_validator(mode="after")
    def _reason_fits(self) -> SaleUnitMove:
        if (self.from_ is None) != self.reason.startswith("override:"):
            raise ValueError(f"unit {self.unit_key}: reason {self.reason!r} and from disagree")
        return self


def check_sale_units(lines: list[Any], moves: list[SaleUnitMove]) -> None:
    """A sale's unit moves name its unit lines exactly once each (none: an older terminal)."""
    if not moves:
        return
    coded = {ln.id: ln.unit_code for ln in lines if ln.unit_code}
    if len({mv.unit_key for mv in moves}) != len(moves):
        raise ValueError("duplicate unit_key in unit_moves")
    moved = {mv.sale_line_id: mv.unit_key for mv in moves}
    if moved != coded or len(moved) != len(moves):
        raise ValueError("unit_moves do not match the lines' unit codes")
