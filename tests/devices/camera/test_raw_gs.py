"""A QR holding raw GS bytes (no FNC1 mode), as some brand labels are printed, reads as the
element string a scanner would send, and classifies as a unit."""

from __future__ import annotations

import numpy as np
import zxingcpp

from devices.camera.decoder import ZxingDecoder
from pos_app.domain.codes import CodeKind, classify
from tests.devices.camera import images as img

RAW = "\x1d0109506000134352\x1d21ABC"


def test_raw_gs_qr_keeps_its_separators_and_is_a_unit():
    symbol = zxingcpp.create_barcode(RAW, zxingcpp.BarcodeFormat.QRCode).to_image(scale=6)
    found = ZxingDecoder().decode(img.on_page(np.array(symbol)))
    assert [d.text for d in found] == [RAW]
    code = classify(found[0].text)
    assert code.kind == CodeKind.UNIT and code.serial == "ABC"
