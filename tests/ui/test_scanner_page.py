"""The scanner page tells what a scan was taken for; a serial scanner sells like the wedge."""

from __future__ import annotations

import gc
import os
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.staff import MANAGER
from tests.ui.conftest import on_next_modal, press, wait_until
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard
from ui.dialogs.scanner_settings import ScannerSettingsDialog


def test_a_scan_on_the_scanner_page_is_shown_with_its_classification(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    seen = {}

    def on_scanner_page(dialog) -> None:
        scan_with_wedge("SFU:SKU-1:A0001")
        wait_until(lambda: "A0001" in dialog.last_scan.text())
        seen["classified"] = dialog.classified.text()
        dialog.reject()

    def on_settings(dialog) -> None:
        on_next_modal(on_scanner_page)
        dialog.open_scanner_page()
        dialog.reject()

    on_next_modal(on_settings)
    press(QApplication.focusWidget(), Qt.Key.Key_F10)
    assert "unit code" in seen["classified"]
    assert window.till.cart.is_empty  # the test scan did not ring anything up


def test_scanner_page_saves_timing_and_refuses_a_bad_port(make_window, qtbot):
    _window, container = make_window()
    dialog = ScannerSettingsDialog(container.settings, staff=MANAGER)
    qtbot.addWidget(dialog)
    dialog.serial_port.setText("serial:///dev/ttyS0?baud=7")
    dialog.save()
    assert "baud" in dialog.message.text()
    dialog.serial_port.setText("")
    dialog.max_gap.setValue(50)
    dialog.save()
    assert container.settings.settings.scanner.max_gap_ms == 50


def test_a_serial_scanner_rings_up_a_product(make_window):
    # pyserial waits with select(), which cannot watch a descriptor numbered 1024 or more. Late
    # in a whole-suite run, earlier tests' engines wait for the garbage collector holding low
    # descriptors: collect them first, so the pty and the port get low numbers again.
    gc.collect()
    master, slave = os.openpty()
    try:
        window, container = make_window()
        sign_in_by_keyboard(window)
        scanner = replace(container.settings.settings.scanner, serial_port=os.ttyname(slave))
        container.settings.update(MANAGER, scanner=scanner)
        assert window.scanners.serial is not None
        os.write(master, f"{COLA}\r".encode())
        wait_until(lambda: len(window.till.cart.lines) == 1)
        assert window.till.cart.lines[0].product.barcode == COLA
    finally:
        os.close(master)
        os.close(slave)


def test_an_azerty_till_with_a_gs_stand_in_reads_codes_as_the_scanner_sent_them(make_window):
    window, container = make_window()
    dialog = ScannerSettingsDialog(container.settings, staff=MANAGER)
    dialog.host_layout.setCurrentIndex(dialog.host_layout.findData("fr"))
    dialog.gs_stand_in.setText("~")
    dialog.save()
    window.scanners.apply(container.settings.settings)
    config = window.scanners.wedge.config
    assert (config.host_layout, config.gs_stand_in) == ("fr", "~")
    assert container.settings.settings.scanner.host_layout == "fr"
