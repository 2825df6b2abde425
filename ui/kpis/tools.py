"""How the "More…" menu opens the KPI screens (its Tool lines are in ui/tools/registry.py):
the dashboard (managers, Ctrl+K) and my figures and customers (guides and managers, Ctrl+Y).

The context is typed by what is used, not by ui.tools' ToolContext: ui.tools imports this
package to list the tools, so importing it back would close a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget

from pos_app.i18n import _
from pos_app.services.till import Till


class Opening(Protocol):
    window: QWidget
    till: Till
    say: Callable[[str], None]


def dashboard_tool(context: Opening) -> None:
    from ui.kpis.dashboard import open_dashboard  # on first use: not at the till's start

    open_dashboard(context.till.kpis, context.till, context.window)


def my_screen_tool(context: Opening) -> None:
    from ui.kpis.my_screen import open_my_screen  # on first use: not at the till's start

    attached = open_my_screen(context.till, context.window)
    if attached is not None:
        context.say(_("Member {name} attached.").format(name=attached.name))
