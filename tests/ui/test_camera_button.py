"""The sale screen's camera button: a fake camera (hardware edge) shows a real EAN-13 image,
the real decoder reads it and the product is rung up like a scanner's code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from devices.camera.capture import FileFrames, OpenCvCamera
from devices.camera.decoder import default_decoder
from pos_app.services.container import CameraKit
from tests.devices.camera import images
from tests.ui.conftest import on_next_modal, press, wait_until
from tests.ui.test_sale_flow import COLA, sign_in_by_keyboard


def test_camera_scan_adds_the_product(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    frame = images.ean13(COLA)
    container.camera = CameraKit(
        make_source=lambda: FileFrames([frame], fps=30, repeat=20), decoder=default_decoder()
    )
    press(QApplication.focusWidget(), Qt.Key.Key_F2)
    wait_until(lambda: len(window.till.cart.lines) == 1, 10_000)
    assert window.till.cart.lines[0].product.barcode == COLA


def test_no_camera_says_so_and_changes_nothing(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    container.camera = CameraKit(make_source=lambda: OpenCvCamera(index=99),
                                 decoder=default_decoder())
    seen = {}

    def on_dialog(dialog) -> None:
        wait_until(lambda: bool(dialog.error), 10_000)
        seen["error"] = dialog.error
        dialog.reject()

    on_next_modal(on_dialog)
    press(QApplication.focusWidget(), Qt.Key.Key_F2)
    assert "camera" in seen["error"].lower()
    assert window.till.cart.is_empty
