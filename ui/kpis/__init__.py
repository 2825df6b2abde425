"""Guide KPIs on the till (issue 19): the manager's dashboard and the guide's own screen
with their customers, opened from the "More…" menu (ui/tools/registry.py)."""

from importlib import import_module
from typing import Any

from ui.kpis.tools import dashboard_tool, my_screen_tool

__all__ = ["KpiDashboard", "MyKpisDialog", "dashboard_tool", "my_screen_tool",
           "open_dashboard", "open_my_screen"]
# The screens load when first asked for (the menu's tools import them on use): the till's
# start lists the tools without paying for the dashboard's widgets (~0.15 s, issue 15).
_LAZY = {"KpiDashboard": "dashboard", "open_dashboard": "dashboard",
         "MyKpisDialog": "my_screen", "open_my_screen": "my_screen"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"ui.kpis.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'ui.kpis' has no attribute {name!r}")
