"""Scan one code with the camera: preview, beep on the read, hand the code back, close.

The dialog owns a `CameraWorker` for as long as it is open and always stops it (and waits)
before closing, so the camera is released for the next scan and no thread outlives the
window. With no camera it says so plainly and waits for the cashier to close it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from devices.camera.capture import FrameSource
from devices.camera.decoder import Decoder
from devices.camera.qt_camera import CameraWorker
from pos_app.i18n import _
from ui.dialogs.keys import enter_goes_to_fields
from ui.widgets.camera_preview import CameraPreview
from ui.widgets.hotkeys import with_hotkey


class CameraScanDialog(QDialog):
    """`exec()` returns Accepted with `self.code`/`self.format` set, or Rejected (cancelled,
    or no camera: then `self.error` holds the message shown)."""

    def __init__(self, make_source: Callable[[], FrameSource], decoder: Decoder,
                 parent: QWidget | None = None, *, beep: Callable[[], None] | None = None,
                 close_delay_ms: int = 400) -> None:
        """`close_delay_ms` keeps the frozen, read frame visible briefly before closing, so
        the cashier sees what was read; tests pass 0."""
        super().__init__(parent)
        self.setWindowTitle(_("Scan with the camera"))
        self.setMinimumSize(480, 420)
        self.code: str | None = None
        self.format: str | None = None
        self.error: str | None = None
        self._beep = beep or QApplication.beep
        self._close_delay_ms = close_delay_ms
        self.preview = CameraPreview(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel_text = with_hotkey(_("Cancel"), "Esc")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        # The read closes it; Enter (like Esc) closes it without one, e.g. with no camera.
        enter_goes_to_fields(self, primary=buttons.button(QDialogButtonBox.StandardButton.Cancel))
        self.worker = CameraWorker(make_source, decoder, parent=self)
        self.worker.frame_ready.connect(self.preview.show_frame)
        self.worker.code_read.connect(self._on_code)
        self.worker.failed.connect(self._on_failed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.worker.isRunning() and self.code is None and self.error is None:
            self.worker.start()

    def _on_code(self, text: str, fmt: str) -> None:
        if self.code is not None:
            return  # only the first read counts; the worker may already have sent another
        self.code, self.format = text, fmt
        self.preview.show_read(text, fmt)
        self._beep()
        self.worker.stop(0)  # ask only: waiting here would block the GUI on a slow camera
        QTimer.singleShot(self._close_delay_ms, self.accept)

    def _on_failed(self, message: str) -> None:
        self.error = message
        self.preview.show_message(message)

    def done(self, result: int) -> None:
        """Every way out (read, Cancel, Esc, window close) releases the camera first."""
        self.worker.stop()
        super().done(result)
