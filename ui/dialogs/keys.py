"""Enter belongs to the field: stop QDialog's default button from acting on it a second time."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton


def enter_goes_to_fields(dialog: QDialog) -> None:
    """Without this, Enter in a line edit fires returnPressed AND the auto-default button,
    so one keystroke would add a payment twice."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
