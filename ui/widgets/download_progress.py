"""Non-modal window showing the first download from HQ; the till keeps selling meanwhile.

It says what is happening: one line per stream (products, prices, staff, members …) with
the rows received so far, ticked when the stream is complete, under a busy bar (HQ does not
say how many rows are left). It never takes the keyboard from the sale screen (scans must
reach the till) and "Hide" puts it away for the rest of the download: the status bar's sync
badge keeps saying "syncing". Its key, Ctrl+H, is the till window's (this window never has
the keyboard), so the cashier hides it from the sale screen without reaching for the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.i18n import _
from ui.widgets.hotkeys import with_hotkey

HIDE_KEY = "Ctrl+H"  # free on the sale screen (ui/tools/registry.py lists the taken keys)


class DownloadProgress(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setWindowTitle(_("Downloading from HQ"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        # Never take the keyboard from the till: scans must keep reaching the sale screen.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.caption = QLabel(_("Downloading the catalog from HQ. You can keep selling."))
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: HQ does not say how many rows are left
        self.bar.setTextVisible(False)
        self.streams = QGridLayout()
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        self.hide_button = QPushButton(with_hotkey(_("Hide"), HIDE_KEY))
        self.hide_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click, or the key below
        self.hide_button.clicked.connect(self.put_away)
        # pressed in the till's window, where the keys are; live only while this is shown,
        # so Ctrl+H is nobody's once the download is hidden or over
        self.hide_key: QShortcut | None = None
        if parent is not None:
            self.hide_key = QShortcut(QKeySequence(HIDE_KEY), parent)
            self.hide_key.setContext(Qt.ShortcutContext.WindowShortcut)
            self.hide_key.setEnabled(False)
            self.hide_key.activated.connect(self.put_away)
        self.hidden_by_user = False
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.hide_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.bar)
        layout.addLayout(self.streams)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.resize(440, 160)

    def show_progress(self, text: str) -> None:
        self.detail.setText(text)

    def show_stream(self, stream: str, label: str, rows: int, more: bool) -> None:
        """The stream's line: its name and rows received, ticked once complete."""
        if not stream:
            return
        if stream not in self._rows:
            name, count = QLabel(label[:1].upper() + label[1:]), QLabel()
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line = len(self._rows)
            self.streams.addWidget(name, line, 0)
            self.streams.addWidget(count, line, 1)
            self._rows[stream] = (name, count)
        # a phase built on the till after the rows (sync.puller.INDEX_PHASE), not received
        received = (_("{rows:,} indexed") if stream.endswith("_index")
                    else _("{rows:,} received")).format(rows=rows)
        self._rows[stream][1].setText(received + ("…" if more else " ✓"))
        self.detail.clear()

    def stream_text(self, stream: str) -> str:
        """What the stream's line says (tests and benches read it)."""
        if stream not in self._rows:
            return ""
        name, count = self._rows[stream]
        return f"{name.text()} {count.text()}"

    def follow(self, status: object) -> None:
        """A `SyncStatus` of the download: its stream's line, shown unless put away."""
        stream = getattr(status, "stream", "")
        if stream:
            self.show_stream(stream, getattr(status, "stream_label", stream),
                             getattr(status, "rows", 0), getattr(status, "more", False))
        else:
            self.show_progress(getattr(status, "progress", ""))
        if not self.hidden_by_user and not self.isVisible():
            self.show()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.hide_key is not None:
            self.hide_key.setEnabled(True)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self.hide_key is not None:
            self.hide_key.setEnabled(False)

    def put_away(self) -> None:
        """Hide for the rest of this download (the sync badge still says it runs)."""
        self.hidden_by_user = True
        self.hide()
