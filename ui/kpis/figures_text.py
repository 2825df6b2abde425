"""How a KPI figure reads on screen: money in yuan, ratios as percentages, 连带率 to two
places, and "–" for a ratio with nothing under it ("no sales" is not "0 %")."""

from __future__ import annotations

from fractions import Fraction

from pos_app.domain.kpis import GuideKpis, bp, hundredths
from pos_app.domain.money import format_money
from pos_app.i18n import _

NONE = "–"


def money(fen: int | None) -> str:
    return NONE if fen is None else format_money(fen)


def percent(value: Fraction | None) -> str:
    """Basis points shown as a percentage with one decimal: 1234 bp → 12.3 %."""
    points = bp(value)
    if points is None:
        return NONE
    tenths = (abs(points) + 5) // 10
    sign = "-" if points < 0 else ""
    return f"{sign}{tenths // 10}.{tenths % 10}%"


def two_places(value: Fraction | None) -> str:
    h = hundredths(value)
    return NONE if h is None else f"{h // 100}.{h % 100:02d}"


def guide_name(row: GuideKpis) -> str:
    if row.is_no_guide:
        return _("(no guide)")
    return row.name or row.guide_id[:8]
