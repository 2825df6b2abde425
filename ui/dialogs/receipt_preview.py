"""Receipt preview: the lines exactly as the printer would put them on paper."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPlainTextEdit, QPushButton, QVBoxLayout

from pos_app.i18n import _
from ui.dialogs.keys import enter_goes_to_fields
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.receipt_font import monospace_font


class ReceiptPreviewDialog(QDialog):
    def __init__(self, lines: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Receipt preview"))
        self.setMinimumSize(460, 640)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setFont(monospace_font())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        width = max((len(line) for line in lines), default=48)
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance("0") * width + 48)
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        enter_goes_to_fields(self, primary=close)  # Enter or Esc: done reading
