"""The "More…" menu's return without receipt (ui/tools/registry.py, Shift+F7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from pos_app.services.till import Till
from ui.returns.no_receipt import NoReceiptDialog
from ui.returns.slip_print import print_return_slip


class ToolContext(Protocol):
    """Typed by what is used, not ui.tools' ToolContext: ui.tools imports this package to
    list the tool, so importing it back would close a circle."""

    window: QWidget
    till: Till
    say: Callable[[str], None]
    error: Callable[[str], None]
    extra: dict[str, Any]


def return_without_receipt(context: ToolContext) -> None:
    dialog = NoReceiptDialog(context.till, context.window)
    accepted = dialog.exec()
    done = dialog.completed
    dialog.deleteLater()
    if accepted and done is not None:
        print_return_slip(context.till, done, context.say, context.error,
                          context.extra.get("printer_mark"))  # F9 reprints a slip not printed
    focus_sale = context.extra.get("focus_sale")
    if focus_sale is not None:
        focus_sale()
