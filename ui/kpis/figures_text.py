"""How a KPI figure reads on screen, as the exports write it (pos_app.domain.kpis.table):
money in yuan, ratios as percentages to two places from basis points, 连带率 to two places,
and "–" for a ratio with nothing under it ("no sales" is not "0 %")."""

from __future__ import annotations

from fractions import Fraction

from pos_app.domain.kpis import GuideKpis, bp, hundredths
from pos_app.domain.kpis.table import guide_label
from pos_app.domain.money import format_money

NONE = "–"


def money(fen: int | None) -> str:
    return NONE if fen is None else format_money(fen)


def _two_places(h: int) -> str:
    sign = "-" if h < 0 else ""
    return f"{sign}{abs(h) // 100}.{abs(h) % 100:02d}"


def percent(value: Fraction | None) -> str:
    """Basis points as a percentage to two places: 1234 bp → 12.34%."""
    points = bp(value)
    return NONE if points is None else f"{_two_places(points)}%"


def two_places(value: Fraction | None) -> str:
    h = hundredths(value)
    return NONE if h is None else _two_places(h)


def guide_name(row: GuideKpis) -> str:
    """The guide's name, "No guide", or "Store total", as in the exports."""
    return guide_label(row)
