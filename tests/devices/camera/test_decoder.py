"""The decoders read real generated symbols exactly, in bad conditions, and nothing from noise."""

from __future__ import annotations

import numpy as np
import pytest

from devices.camera.decoder import (
    ChainDecoder,
    Decoded,
    PyzbarDecoder,
    ZxingDecoder,
    default_decoder,
    upce_to_upca,
)
from tests.devices.camera import images as img

CASES = {
    "qr": (img.qr, Decoded(img.QR_TEXT, "qr")),
    "gs1_datamatrix": (img.gs1_datamatrix, Decoded(img.GS1_RAW, "datamatrix")),
    "ean13": (img.ean13, Decoded(img.EAN13, "ean13")),
    "code128": (img.code128, Decoded(img.CODE128, "code128")),
}
VARIANTS = {
    "as_is": lambda im: im,
    "bgr": img.bgr,
    "rot90": lambda im: img.rotated(im, 90),
    "rot180": lambda im: img.rotated(im, 180),
    "rot17": lambda im: img.rotated(im, 17),
    "blurred": img.blurred,
    "noisy": img.noisy,
    "low_contrast": img.low_contrast,
}


@pytest.fixture(scope="module")
def chain() -> ChainDecoder:
    return default_decoder()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", CASES)
def test_chain_reads_the_exact_text(chain: ChainDecoder, case: str, variant: str) -> None:
    make, expected = CASES[case]
    assert chain.decode(VARIANTS[variant](make())) == [expected]


def test_gs1_datamatrix_keeps_the_group_separator() -> None:
    [found] = ZxingDecoder().decode(img.gs1_datamatrix())
    # (01) is fixed-length, (21) variable: exactly one GS, between the serial and (10);
    # no leading FNC1 and no "(01)" human-readable brackets.
    assert found.text == "01" "09501101530008" "21" "12345ABC" "\x1d" "10" "LOT42"
    assert found.text.count("\x1d") == 1 and "(" not in found.text


def test_gs1_128_keeps_the_group_separator_in_both_decoders() -> None:
    image = img.gs1_code128("(01)09501101530008(21)A1(10)L42")
    expected = [Decoded("010950110153000821A1\x1d10L42", "code128")]
    assert ZxingDecoder().decode(image) == expected
    assert PyzbarDecoder().decode(image) == expected


@pytest.mark.parametrize("decoder", [ZxingDecoder, PyzbarDecoder, default_decoder])
def test_no_barcode_gives_nothing(decoder) -> None:
    d = decoder()
    assert d.decode(img.blank()) == []
    assert d.decode(np.full((480, 640), 255, np.uint8)) == []
    assert d.decode(np.random.default_rng(5).integers(0, 256, (480, 640), dtype=np.uint8)) == []


def test_pyzbar_reads_ean13_and_qr_but_no_datamatrix() -> None:
    pyzbar = PyzbarDecoder()
    assert pyzbar.decode(img.ean13()) == [Decoded(img.EAN13, "ean13")]
    assert pyzbar.decode(img.qr()) == [Decoded(img.QR_TEXT, "qr")]
    assert pyzbar.decode(img.gs1_datamatrix()) == []


def test_chain_falls_back_to_the_next_decoder() -> None:
    class Blind:
        def decode(self, image: np.ndarray) -> list[Decoded]:
            return []

    assert ChainDecoder([Blind(), PyzbarDecoder()]).decode(img.ean13()) == [
        Decoded(img.EAN13, "ean13")]
    assert ChainDecoder([Blind()]).decode(img.ean13()) == []


def test_upc_reads_the_same_from_both_decoders() -> None:
    import zxingcpp

    def page(content: str, fmt: zxingcpp.BarcodeFormat) -> np.ndarray:
        barcode = zxingcpp.create_barcode(content, fmt)
        return img.on_page(np.array(zxingcpp.write_barcode_to_image(barcode, scale=3)))

    upca, upce = page("036000291452", zxingcpp.BarcodeFormat.UPCA), page(
        "01234565", zxingcpp.BarcodeFormat.UPCE)
    for decoder in (ZxingDecoder(), PyzbarDecoder()):
        assert decoder.decode(upca) == [Decoded("036000291452", "upca")]
        assert decoder.decode(upce) == [Decoded("012345000065", "upce")]
    assert upce_to_upca("01234565") == "012345000065"


def test_unknown_format_name_is_refused() -> None:
    with pytest.raises(ValueError):
        ZxingDecoder(formats=("qr", "hologram"))
