"""One "More…" button on the sale screen, a menu of the tools the signed-in person may use,
and a hotkey for each.

Why: the sale screen holds a dozen buttons already and its module is at its size limit;
issues 18 and 19 bring another handful (cash in/out, X and Z, no-sale, lock, return without
receipt, KPIs, my customers). Each tool is one `Tool` line in ui/tools/registry.py naming
its permission and the function of its own feature package that opens it, so features stay
in their packages and the sale screen does not grow.

A tool is listed when the permissions table does not refuse its action to the signed-in
person: an action that needs a manager's approval is listed, and its feature asks for the
approval (pos_app.services.approvals) when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from pos_app.domain.permissions import Action, Rule, rule_for
from pos_app.i18n import _
from pos_app.services.container import Container
from pos_app.services.till import Till
from ui.errors import shown_errors
from ui.screens.sale_keys import ScanFieldKeys
from ui.widgets.hotkeys import set_hotkey_text

MENU_KEY = "Ctrl+M"


@dataclass(frozen=True)
class ToolContext:
    """What a tool gets when it opens: the window to parent its dialogs on, the services,
    and the sale screen's message bar and refresh (a tool that changed the sale redraws)."""

    window: QWidget
    container: Container
    till: Till
    say: Callable[[str], None]  # an information line on the sale screen
    error: Callable[[str], None]  # an error line on the sale screen
    refresh: Callable[[], None]  # redraw the sale screen
    extra: dict[str, Any]  # anything the main window hands over (e.g. "scanners")


@dataclass(frozen=True)
class Tool:
    name: str  # stable id (tests find the menu entry by it)
    label: str  # an N_() msgid, translated when the menu opens
    key: str  # its hotkey on the sale screen ("" for none)
    action: Action | None  # hidden when the permissions table refuses it; None = everyone
    run: Callable[[ToolContext], None]


def offered(tool: Tool, role: str | None) -> bool:
    if role is None:
        return False
    return tool.action is None or rule_for(role, tool.action) != Rule.REFUSED


def menu_origin(anchor: QRect, size: QSize, available: QRect) -> QPoint:
    """Where a menu of `size` opens for a button at `anchor`: under it if the menu fits
    there, else above it, and in any case moved inside `available` (a menu taller than the
    screen starts at its top; Qt then scrolls it)."""
    x = max(available.left(), min(anchor.left(), available.right() + 1 - size.width()))
    y = anchor.bottom() + 1
    if y + size.height() > available.bottom() + 1:
        y = anchor.top() - size.height()
    y = max(available.top(), min(y, available.bottom() + 1 - size.height()))
    return QPoint(x, y)


class ToolsMenu:
    """The "More…" button added to the sale screen's button grid, its menu, and the
    tools' hotkeys (installed on the sale screen so they work while the scan field has
    the focus)."""

    def __init__(self, screen: QWidget, scan_edit, grid, context: Callable[[], ToolContext],
                 tools: list[Tool]) -> None:
        self._context = context
        self._tools = tools
        self.button = QPushButton(screen)
        self.button.setObjectName("toolsButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid.add(self.button)
        self.button.clicked.connect(self.popup)
        keys = [MENU_KEY] + [t.key for t in tools if t.key]
        ScanFieldKeys(scan_edit, keys)
        self._shortcuts: list[QShortcut] = []
        for key, slot in [(MENU_KEY, self.popup)] + [
                (t.key, lambda t=t: self.run(t.name)) for t in tools if t.key]:
            shortcut = QShortcut(QKeySequence(key), screen)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)
        self.menu: QMenu | None = None
        self.retranslate()

    def retranslate(self) -> None:
        set_hotkey_text(self.button, _("More…"), MENU_KEY)

    def _role(self) -> str | None:
        staff = self._context().till.staff
        return None if staff is None else staff.role

    def visible_tools(self) -> list[Tool]:
        role = self._role()
        return [t for t in self._tools if offered(t, role)]

    def build_menu(self) -> QMenu:
        """The menu of the tools this person may use, each with its key (tests read it)."""
        menu = QMenu(self.button)
        for tool in self.visible_tools():
            entry = QAction(_(tool.label), menu)
            entry.setObjectName(f"tool_{tool.name}")
            if tool.key:
                entry.setShortcut(QKeySequence(tool.key))  # shown beside the label
            entry.triggered.connect(lambda _checked=False, n=tool.name: self.run(n))
            menu.addAction(entry)
        if not menu.actions():
            menu.addAction(_("No tools for your role")).setEnabled(False)
        return menu

    def popup(self) -> None:
        """The menu opens above the button (the grid is at the foot of the screen), kept
        inside the screen's available area: dropped from the button's corner it ran off
        the bottom of a 768-pixel screen (tester 20 #8)."""
        self.menu = self.build_menu()
        screen = self.button.screen()
        self.menu.popup(menu_origin(self.anchor(), self.menu.sizeHint(),
                                    screen.availableGeometry()))

    def anchor(self) -> QRect:
        """The "More…" button, in screen coordinates."""
        return QRect(self.button.mapToGlobal(QPoint(0, 0)), self.button.size())

    def run(self, name: str) -> None:
        """Open tool `name` if the signed-in person may; a refused key says so."""
        context = self._context()
        tool = next(t for t in self._tools if t.name == name)
        if not offered(tool, self._role()):
            context.error(_("{key} is a manager's tool: ask a manager to sign in.").format(
                key=tool.key or MENU_KEY))
            return
        with shown_errors(context.error):
            tool.run(context)
        context.refresh()
