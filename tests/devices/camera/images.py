"""Real barcode images for the camera tests, drawn by independent writers (qrcode, zxing-cpp).

Each helper returns a grayscale uint8 frame on a white page with margins, like a label held
in front of a camera; the degraders imitate what a till camera does to it.
"""

from __future__ import annotations

import cv2
import numpy as np
import qrcode
import zxingcpp

GS1_TEXT = "(01)09501101530008(21)12345ABC(10)LOT42"
GS1_RAW = "01095011015300082112345ABC\x1d10LOT42"
EAN13 = "5901234123457"
CODE128 = "SKU-2024-000815"
QR_TEXT = "https://shop.example/r/S01-T02-000123?张三"


def on_page(symbol: np.ndarray, size: tuple[int, int] = (640, 480),
            at: tuple[int, int] | None = None) -> np.ndarray:
    """Put the symbol on a white 640×480 page, centred unless `at` (x, y) is given."""
    width, height = size
    page = np.full((height, width), 255, np.uint8)
    h, w = symbol.shape
    x, y = at if at is not None else ((width - w) // 2, (height - h) // 2)
    page[y:y + h, x:x + w] = symbol
    return page


def qr(text: str = QR_TEXT, box: int = 6) -> np.ndarray:
    """A QR code from the `qrcode` package, a writer independent of the reader under test."""
    code = qrcode.QRCode(box_size=box, border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    pil = code.make_image(fill_color="black", back_color="white").convert("L")
    return on_page(np.array(pil, dtype=np.uint8))


def _zx(content: str, fmt: zxingcpp.BarcodeFormat, scale: int, **options: object) -> np.ndarray:
    barcode = zxingcpp.create_barcode(content, fmt, **options)
    return np.array(zxingcpp.write_barcode_to_image(barcode, scale=scale), dtype=np.uint8)


def gs1_datamatrix(text: str = GS1_TEXT, scale: int = 8) -> np.ndarray:
    """GS1 DataMatrix (FNC1 first) with (01)(21)(10): the variable-length (21) needs a GS."""
    return on_page(_zx(text, zxingcpp.BarcodeFormat.DataMatrix, scale, gs1=True))


def gs1_code128(text: str = "(01)09501101530008(10)LOT42", scale: int = 2) -> np.ndarray:
    symbol = _zx(text, zxingcpp.BarcodeFormat.Code128, scale, gs1=True)
    return on_page(cv2.resize(symbol, (symbol.shape[1], 120), interpolation=cv2.INTER_NEAREST))


def ean13(digits: str = EAN13, scale: int = 3) -> np.ndarray:
    symbol = _zx(digits, zxingcpp.BarcodeFormat.EAN13, scale)
    return on_page(cv2.resize(symbol, (symbol.shape[1], 150), interpolation=cv2.INTER_NEAREST))


def code128(text: str = CODE128, scale: int = 2) -> np.ndarray:
    symbol = _zx(text, zxingcpp.BarcodeFormat.Code128, scale)
    return on_page(cv2.resize(symbol, (symbol.shape[1], 120), interpolation=cv2.INTER_NEAREST))


def rotated(image: np.ndarray, degrees: float) -> np.ndarray:
    """Turn the page about its centre, growing the canvas so no corner is cut off."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


def blurred(image: np.ndarray, kernel: int = 5) -> np.ndarray:
    return cv2.GaussianBlur(image, (kernel, kernel), 0)


def noisy(image: np.ndarray, sigma: float = 25.0, seed: int = 7) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0.0, sigma, image.shape)
    return np.clip(image.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def low_contrast(image: np.ndarray, low: int = 100, high: int = 150) -> np.ndarray:
    """Dark bars at `low`, paper at `high`: a dim shop or a glossy label."""
    return (low + image.astype(np.float32) * (high - low) / 255.0).astype(np.uint8)


def blank(seed: int = 3) -> np.ndarray:
    """A textured frame with no barcode: gradient plus noise, like an empty counter."""
    ramp = np.tile(np.linspace(60, 200, 640, dtype=np.float32), (480, 1))
    return noisy(ramp.astype(np.uint8), 12.0, seed)


def bgr(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
