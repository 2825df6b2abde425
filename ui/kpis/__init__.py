"""Guide KPIs on the till (issue 19): the manager's dashboard and the guide's own screen
with their customers, opened from the "More…" menu (ui/tools/registry.py)."""

from ui.kpis.dashboard import KpiDashboard, open_dashboard
from ui.kpis.my_screen import MyKpisDialog, open_my_screen
from ui.kpis.tools import dashboard_tool, my_screen_tool

__all__ = ["KpiDashboard", "MyKpisDialog", "dashboard_tool", "my_screen_tool",
           "open_dashboard", "open_my_screen"]
