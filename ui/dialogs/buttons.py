"""The Cancel / Save row a settings-like dialog ends with, so each dialog says only what it
shows and saves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from pos_app.i18n import _
from ui.widgets.hotkeys import with_hotkey


def save_row(dialog: QDialog, on_save: Callable[[], None]) -> tuple[QHBoxLayout, QPushButton]:
    """Cancel (rejects) and the wide primary Save (runs `on_save`), in that order, each
    showing its key (Esc; Enter, the dialog's primary) as every button does.

    Returns the row to add and the Save button, which the caller names as the dialog's
    primary (ui.dialogs.keys.enter_goes_to_fields) once every field is in place.
    """
    save = QPushButton(with_hotkey(_("Save"), "Enter"))
    save.setObjectName("primary")
    cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
    row = QHBoxLayout()
    row.addWidget(cancel)
    row.addWidget(save, 1)
    save.clicked.connect(on_save)
    cancel.clicked.connect(dialog.reject)
    return row, save
