"""Non-modal window showing the first catalog download; the till keeps selling meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from pos_app.i18n import _


class DownloadProgress(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setWindowTitle(_("Downloading from HQ"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        # Never take the keyboard from the till: scans must keep reaching the sale screen.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.caption = QLabel(_("Downloading the catalog from HQ. You can keep selling."))
        self.detail = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: HQ does not say how many rows are left
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        self.resize(420, 120)

    def show_progress(self, text: str) -> None:
        self.detail.setText(text)
