"""What a shift tool is handed when the "More…" menu opens it.

Typed by what is used, not by ui.tools' ToolContext: ui.tools imports this package to list
the tools, so importing it back would close a circle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from pos_app.services.till import Till


class ShiftToolContext(Protocol):
    window: QWidget
    till: Till
    say: Callable[[str], None]  # an information line on the sale screen
    error: Callable[[str], None]  # an error line on the sale screen
    extra: dict[str, Any]  # "focus_sale", "sign_out" from the main window
