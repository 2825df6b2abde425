"""Every tool of the "More…" menu (ui/tools/menu.py), in menu order.

Add a tool as one `Tool` line: a stable name, an N_() label, a hotkey not taken on the sale
screen (taken: F2–F12, Del, Ctrl+L/E/R/P/G/M, Ctrl+Del, F5/Shift+F5, F6/Shift+F6, F7,
F11/Shift+F11/Ctrl+F11), the permission it needs, and the function of its own ui package
that opens it (imported here, so import-linter sees the arrow).
"""

from __future__ import annotations

from pos_app.domain.permissions import Action
from pos_app.i18n import N_
from ui.kpis import dashboard_tool, my_screen_tool
from ui.tools.menu import Tool

TOOLS: list[Tool] = [
    Tool("kpis", N_("Guide KPIs"), "Ctrl+K", Action.SEE_STORE_KPIS, dashboard_tool),
    Tool("my_kpis", N_("My figures and customers"), "Ctrl+Y", Action.SEE_OWN_KPIS,
         my_screen_tool),
]
