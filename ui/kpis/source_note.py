"""The dashboard's line saying whose figures it shows (issue 19-C): the whole store as HQ
holds it, or this till's own sales only (not paired, or HQ unreachable: amber, since a
store with several tills then sees part of its figures)."""

from __future__ import annotations

from pos_app.i18n import _
from pos_app.services.kpis.whole_store import FROM_HQ, TILL_HQ_DOWN, StoreView

CALM = "color: #555; font-size: 14px;"
WARN = "background: #ffe08a; color: #4a3500; font-size: 14px; padding: 2px 6px;"


def source_note(view: StoreView) -> tuple[str, str]:
    """(text, style sheet) of the source line for a report."""
    if view.source == FROM_HQ:
        return _("Whole store (every till), as HQ has it"), CALM
    if view.source == TILL_HQ_DOWN:
        return _("This till only — HQ unreachable"), WARN
    return _("This till only — not paired with HQ"), CALM
