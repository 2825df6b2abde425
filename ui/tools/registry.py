"""Every tool of the "More…" menu (ui/tools/menu.py), in menu order.

Add a tool as one `Tool` line: a stable name, an N_() label, a hotkey not taken on the sale
screen (taken: F2–F12, Del, Ctrl+L/E/R/P/G/M, Ctrl+Del, F5/Shift+F5, F6/Shift+F6, F7,
F11/Shift+F11/Ctrl+F11, Ctrl+Shift+C, Ctrl+H while the first download shows, and the keys
below), the permission it needs, and the function of its own ui package that opens it
(imported here, so import-linter sees the arrow).
"""

from __future__ import annotations

from pos_app.domain.permissions import Action
from pos_app.i18n import N_
from ui import discounts
from ui.approvals import open_badge_tool
from ui.kpis import dashboard_tool, my_screen_tool
from ui.lock import lock_now
from ui.returns.tools import return_without_receipt
from ui.shifts import tools as shifts
from ui.tools.menu import Tool

TOOLS: list[Tool] = [
    Tool("cash_move", N_("Cash in / out"), "Ctrl+I", Action.CASH_MOVE, shifts.cash_move),
    Tool("no_sale", N_("Open drawer (no sale)"), "Ctrl+D", Action.NO_SALE, shifts.no_sale),
    Tool("x_report", N_("X report"), "Ctrl+Shift+X", Action.X_REPORT, shifts.x_report),
    Tool("close_shift", N_("Close shift (Z)"), "Ctrl+Shift+Z", Action.CLOSE_SHIFT,
         shifts.close_shift),
    Tool("z_reprint", N_("Reprint a Z"), "", Action.X_REPORT, shifts.reprint_z),
    Tool("kpis", N_("Guide KPIs"), "Ctrl+K", Action.SEE_STORE_KPIS, dashboard_tool),
    Tool("my_kpis", N_("My figures and customers"), "Ctrl+Y", Action.SEE_OWN_KPIS,
         my_screen_tool),
    # overrides and the lock (issue 18-D): discounts past the limit ask a manager (ui/discounts)
    Tool("line_discount", N_("Line discount…"), "Ctrl+F3", Action.SELL, discounts.line_discount),
    Tool("order_discount", N_("Sale discount…"), "Ctrl+Shift+F3", Action.SELL,
         discounts.order_discount),
    Tool("change_price", N_("Change price…"), "Ctrl+F4", Action.CHANGE_PRICE,
         discounts.change_price),
    Tool("return_no_receipt", N_("Return without receipt"), "Shift+F7",
         Action.RETURN_WITHOUT_RECEIPT, return_without_receipt),  # issue 18-C, a manager's
    Tool("lock", N_("Lock the screen"), "Ctrl+Shift+L", None, lock_now),
    Tool("badge", N_("My approval badge"), "Ctrl+Shift+B", Action.ISSUE_BADGE, open_badge_tool),
]
