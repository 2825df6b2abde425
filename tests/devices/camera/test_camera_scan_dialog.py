"""The scan dialog over a fake camera: returns the first code, beeps once, always stops."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from devices.camera.capture import FileFrames, OpenCvCamera
from devices.camera.decoder import default_decoder
from tests.devices.camera import images as img
from tests.devices.camera.conftest import pump, wait_until
from ui.dialogs.camera_scan import CameraScanDialog
from ui.widgets.camera_preview import CameraPreview, printable


def test_dialog_returns_the_first_code_and_closes(qtbot) -> None:
    frames = [img.blank()] * 3 + [img.gs1_datamatrix()] * 20 + [img.qr()] * 20
    source = FileFrames(frames, fps=60)
    beeps: list[int] = []
    dialog = CameraScanDialog(lambda: source, default_decoder(),
                              beep=lambda: beeps.append(1), close_delay_ms=0)
    qtbot.addWidget(dialog)
    dialog.open()
    wait_until(lambda: not dialog.isVisible(), 10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.code, dialog.format) == (img.GS1_RAW, "datamatrix")
    assert beeps == [1]
    assert not dialog.worker.isRunning() and not source.is_open
    assert dialog.preview.frames_shown >= 1
    assert dialog.preview.status.text() == (
        "Last read: 01095011015300082112345ABC␝10LOT42 (DataMatrix)")


def test_no_camera_shows_the_clean_message(qtbot) -> None:
    beeps: list[int] = []
    dialog = CameraScanDialog(lambda: OpenCvCamera(index=99), default_decoder(),
                              beep=lambda: beeps.append(1))
    qtbot.addWidget(dialog)
    dialog.open()
    wait_until(lambda: dialog.error is not None)
    message = "No camera is available (camera 99 cannot be opened)."
    assert dialog.error == message
    assert dialog.preview.picture.text() == message
    assert dialog.isVisible() and dialog.code is None and beeps == []
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_cancel_stops_a_live_camera(qtbot) -> None:
    source = FileFrames([img.blank()], fps=30, loop=True)
    dialog = CameraScanDialog(lambda: source, default_decoder(), beep=lambda: None)
    qtbot.addWidget(dialog)
    dialog.open()
    wait_until(lambda: dialog.preview.frames_shown >= 2)
    assert dialog.preview.status.text() == "Hold the barcode in front of the camera."
    dialog.reject()
    pump(50)
    assert not dialog.worker.isRunning() and not source.is_open and dialog.code is None


def test_preview_shows_frames_and_the_last_read(qtbot) -> None:
    from devices.camera.qt_camera import to_qimage

    preview = CameraPreview()
    qtbot.addWidget(preview)
    preview.resize(400, 360)
    preview.show()
    assert preview.status.text() == "Starting the camera…"
    preview.show_frame(to_qimage(img.qr()))
    assert not preview.picture.pixmap().isNull()
    preview.show_read("5901234123457", "ean13")
    assert preview.status.text() == "Last read: 5901234123457 (EAN-13)"
    assert printable("01\x1d10") == "01␝10"
