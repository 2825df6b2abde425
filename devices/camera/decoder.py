"""Barcode decoders behind one small protocol: zxing-cpp first, pyzbar as the fallback.

zxing-cpp reads DataMatrix/GS1 and is several times faster per frame (ARCHITECTURE, device
notes); pyzbar reads no DataMatrix but is a second opinion where zxing-cpp is missing or
misses. Both report the same lowercase format names and the same text for the same symbol,
so the rest of the app never knows which one read a code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

import numpy as np

GS = "\x1d"
PRODUCT_FORMATS = ("qr", "datamatrix", "ean13", "ean8", "upca", "upce", "code128")


@dataclass(frozen=True)
class Decoded:
    """One symbol read from a frame: exact text (GS1 keeps its \\x1d separators) and format."""

    text: str
    format: str


class Decoder(Protocol):
    """Anything that turns a grayscale (H×W) or BGR (H×W×3) uint8 frame into codes."""

    def decode(self, image: np.ndarray) -> list[Decoded]: ...


def to_gray(image: np.ndarray) -> np.ndarray:
    """Both libraries are fastest on one 8-bit channel; cameras hand over BGR."""
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else image.astype(np.uint8)
    import cv2

    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(np.ascontiguousarray(image, dtype=np.uint8), code)


def upce_to_upca(code: str) -> str:
    """Expand an 8-digit UPC-E to its 12-digit UPC-A, the number the catalogue holds."""
    if len(code) != 8 or not code.isdigit():
        return code
    ns, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def _normalise(text: str, fmt: str) -> str:
    """UPC-A as its 12 printed digits and UPC-E expanded to UPC-A, whichever library read it
    (zxing-cpp 3 reports both as 13-digit GTINs, zbar gives UPC-E as 8 digits)."""
    if fmt == "upca" and len(text) == 13 and text.startswith("0"):
        return text[1:]
    if fmt == "upce":
        if len(text) == 13 and text.startswith("0"):
            return text[1:]
        return upce_to_upca(text)
    return text


def _dedupe(found: Iterable[Decoded]) -> list[Decoded]:
    """A symbol seen at two scales or rotations is still one code."""
    seen: dict[tuple[str, str], Decoded] = {}
    for item in found:
        seen.setdefault((item.text, item.format), item)
    return list(seen.values())


class ZxingDecoder:
    """The main decoder (zxing-cpp): every product symbology, any orientation, GS1 intact."""

    _NAMES: ClassVar[dict[str, str]] = {
        "QRCode": "qr", "MicroQRCode": "microqr", "RMQRCode": "rmqr",
        "DataMatrix": "datamatrix", "EAN13": "ean13", "EAN8": "ean8", "UPCA": "upca",
        "UPCE": "upce", "Code128": "code128", "Code39": "code39", "Code93": "code93",
        "ITF": "itf", "Codabar": "codabar", "PDF417": "pdf417", "Aztec": "aztec",
    }

    def __init__(self, formats: Sequence[str] = PRODUCT_FORMATS, *, try_invert: bool = True,
                 try_downscale: bool = True) -> None:
        """`formats` limits the search: fewer symbologies mean faster frames and no stray
        reads of exotic formats in background texture."""
        import zxingcpp

        self._zx = zxingcpp
        by_name = {v: k for k, v in self._NAMES.items()}
        unknown = [f for f in formats if f not in by_name]
        if unknown:
            raise ValueError(f"unknown barcode formats: {unknown}")
        self._formats = [getattr(zxingcpp.BarcodeFormat, by_name[f]) for f in formats]
        self._upca = "upca" in formats
        self._try_invert = try_invert
        self._try_downscale = try_downscale

    def _text(self, barcode: object) -> str:
        """Plain text mode: what the symbol holds, as a scanner would send it. GS1 symbols give
        the raw element string (FNC1 → \\x1d) and a QR holding raw GS bytes keeps them; the
        default HRI mode would give "(01)…" or a literal "<GS>", which no parser expects."""
        return str(barcode.text)  # type: ignore[attr-defined]

    def decode(self, image: np.ndarray) -> list[Decoded]:
        found = self._zx.read_barcodes(
            to_gray(image), formats=self._formats, try_rotate=True,
            try_downscale=self._try_downscale, try_invert=self._try_invert,
            text_mode=self._zx.TextMode.Plain,
        )
        out = []
        for barcode in found:
            if not barcode.valid or (not barcode.text and not barcode.bytes):
                continue
            fmt = self._NAMES.get(barcode.format.name, barcode.format.name.lower())
            if fmt == "ean13" and self._upca and barcode.text.startswith("0"):
                fmt = "upca"  # zxing-cpp 3 folds UPC-A into EAN-13; ZBar and scanners do not
            out.append(Decoded(_normalise(self._text(barcode), fmt), fmt))
        return _dedupe(out)


class PyzbarDecoder:
    """The fallback (ZBar): 1D codes and QR, no DataMatrix; needs the system libzbar0."""

    _NAMES: ClassVar[dict[str, str]] = {
        "QRCODE": "qr", "EAN13": "ean13", "EAN8": "ean8", "UPCA": "upca", "UPCE": "upce",
        "CODE128": "code128", "CODE39": "code39", "CODE93": "code93", "I25": "itf",
        "CODABAR": "codabar", "PDF417": "pdf417",
    }

    def __init__(self, formats: Sequence[str] = PRODUCT_FORMATS) -> None:
        from pyzbar import pyzbar  # raises ImportError without libzbar0: callers fall back

        self._pyzbar = pyzbar
        by_name = {v: k for k, v in self._NAMES.items()}
        # DataMatrix is silently not offered: ZBar cannot read it.
        self._symbols = [getattr(pyzbar.ZBarSymbol, by_name[f]) for f in formats if f in by_name]

    def decode(self, image: np.ndarray) -> list[Decoded]:
        if not self._symbols:
            return []
        gray = np.ascontiguousarray(to_gray(image))
        out = []
        for symbol in self._pyzbar.decode(gray, symbols=self._symbols):
            fmt = self._NAMES.get(symbol.type, symbol.type.lower())
            # ZBar already converts QR text to UTF-8; GS1-128 arrives with \x1d separators.
            text = symbol.data.decode("utf-8", errors="replace")
            if text:
                out.append(Decoded(_normalise(text, fmt), fmt))
        return _dedupe(out)


class ChainDecoder:
    """Ask each decoder in turn; the first one that finds anything answers for the frame."""

    def __init__(self, decoders: Sequence[Decoder]) -> None:
        self.decoders = list(decoders)

    def decode(self, image: np.ndarray) -> list[Decoded]:
        for decoder in self.decoders:
            found = decoder.decode(image)
            if found:
                return found
        return []


def default_decoder() -> ChainDecoder:
    """zxing-cpp then pyzbar, skipping whichever cannot load on this machine."""
    decoders: list[Decoder] = []
    for factory in (ZxingDecoder, PyzbarDecoder):
        try:
            decoders.append(factory())
        except ImportError:
            continue
    return ChainDecoder(decoders)
