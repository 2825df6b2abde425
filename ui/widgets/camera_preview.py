"""What the camera sees, and what it last read: the live picture the cashier aims with.

The widget only shows things; frames and codes come from `devices.camera.qt_camera`'s
signals, so it can be fed by a real camera, by files in the demo, or by a test.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from pos_app.i18n import _

FORMAT_LABELS = {
    "qr": "QR", "datamatrix": "DataMatrix", "ean13": "EAN-13", "ean8": "EAN-8",
    "upca": "UPC-A", "upce": "UPC-E", "code128": "Code 128",
}


def printable(text: str) -> str:
    """GS1 separators (\\x1d) are invisible: show them as ␝ so a person sees the structure."""
    return "".join("␝" if ch == "\x1d" else ch if ch.isprintable() else "�" for ch in text)


class CameraPreview(QWidget):
    """A scaled, aspect-kept picture over a one-line status ('Starting…', 'Last read: …')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setObjectName("cameraPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 240)
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.picture.setStyleSheet("background: #111; color: #eee;")
        self.picture.setWordWrap(True)
        self.status = QLabel(_("Starting the camera…"))
        self.status.setObjectName("cameraStatus")
        self.status.setWordWrap(True)
        self.last_code: str | None = None
        self.frames_shown = 0
        self._frame: QImage | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.status)

    def show_frame(self, image: QImage) -> None:
        """Slot for `CameraWorker.frame_ready`."""
        if self.frames_shown == 0 and self.last_code is None:
            self.status.setText(_("Hold the barcode in front of the camera."))
        self.frames_shown += 1
        self._frame = image
        self._paint()

    def show_read(self, text: str, fmt: str) -> None:
        """Slot for `CameraWorker.code_read`."""
        self.last_code = text
        self.status.setText(_("Last read: {code} ({format})").format(
            code=printable(text), format=FORMAT_LABELS.get(fmt, fmt)))

    def show_message(self, text: str) -> None:
        """A problem (no camera) replaces the picture, so it cannot be overlooked."""
        self._frame = None
        self.picture.clear()
        self.picture.setText(text)
        self.status.setText("")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._paint()

    def _paint(self) -> None:
        if self._frame is None:
            return
        pixmap = QPixmap.fromImage(self._frame).scaled(
            self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation)
        self.picture.setPixmap(pixmap)
