"""Camera decode speed: zxing-cpp vs pyzbar on the same 640×480 frames (PRODUCT §10: ≥ 30 fps).

Frames imitate a till camera: a textured, noisy background with a white label (QR, EAN-13 or
Code 128 with random content) at a random place and turn, slightly blurred; some frames have
no code at all, as most camera frames do. Each decoder runs over the identical list, so the
ratio compares libraries, not luck. Generation is untimed.
"""

from __future__ import annotations

import random
import time
from typing import Any

import cv2
import numpy as np
import zxingcpp

from bench.stats import machine, now_iso, summary
from devices.camera.decoder import ChainDecoder, Decoder, PyzbarDecoder, ZxingDecoder

TARGET_FPS = 30.0
KINDS = ("qr", "ean13", "code128")


def _ean13(rng: random.Random) -> str:
    body = "69" + "".join(rng.choice("0123456789") for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _symbol(kind: str, rng: random.Random) -> tuple[np.ndarray, str]:
    """A label: the symbol with its quiet zone, as a printed sticker would have."""
    if kind == "qr":
        text = f"https://shop.example/r/S01-T{rng.randint(1, 9):02d}-{rng.randint(0, 999999):06d}"
        fmt, scale, height = zxingcpp.BarcodeFormat.QRCode, rng.choice((3, 4, 5)), 0
    elif kind == "ean13":
        text, fmt, scale, height = _ean13(rng), zxingcpp.BarcodeFormat.EAN13, rng.choice((2, 3)), 90
    else:
        text = f"SKU-{rng.randint(0, 99999):05d}"
        fmt, scale, height = zxingcpp.BarcodeFormat.Code128, 2, 80
    symbol = np.array(zxingcpp.write_barcode_to_image(
        zxingcpp.create_barcode(text, fmt), scale=scale), dtype=np.uint8)
    if height:
        symbol = cv2.resize(symbol, (symbol.shape[1], height), interpolation=cv2.INTER_NEAREST)
    return symbol, text


def _rotate(label: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    h, w = label.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos) + 1, int(h * cos + w * sin) + 1
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(label, m, (nw, nh), borderValue=255)
    mask = cv2.warpAffine(np.full_like(label, 255), m, (nw, nh), borderValue=0)
    return out, mask


def make_frames(count: int, seed: int = 42, empty_share: float = 0.15
                ) -> list[tuple[np.ndarray, str | None]]:
    """`count` BGR 640×480 frames with the expected text (None for an empty frame)."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    frames: list[tuple[np.ndarray, str | None]] = []
    for i in range(count):
        ramp = np.linspace(rng.randint(40, 120), rng.randint(140, 220), 640, dtype=np.float32)
        page = np.tile(ramp, (480, 1))
        expected = None
        if rng.random() >= empty_share:
            kind = KINDS[i % len(KINDS)]
            label, expected = _symbol(kind, rng)
            angle = rng.uniform(0, 360) if kind == "qr" else (
                rng.choice((0, 90, 180, 270)) + rng.uniform(-12, 12))
            label, mask = _rotate(label, angle)
            h, w = label.shape
            if h < 470 and w < 630:
                x, y = rng.randint(0, 640 - w), rng.randint(0, 480 - h)
                region = page[y:y + h, x:x + w]
                page[y:y + h, x:x + w] = np.where(mask > 0, label * 0.8 + 30, region)
            else:
                expected = None  # too big at this turn: count it as an empty frame
        page = cv2.GaussianBlur(page, (3, 3), 0.8) + nprng.normal(0, 8, page.shape)
        gray = np.clip(page, 0, 255).astype(np.uint8)
        frames.append((cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), expected))
    return frames


def measure(decoder: Decoder, frames: list[tuple[np.ndarray, str | None]]) -> dict[str, Any]:
    """Decode every frame once, in order; fps = frames ÷ total wall time."""
    for frame, _ in frames[:5]:
        decoder.decode(frame)  # warm-up: lazy tables, page faults
    times_ms: list[float] = []
    read = wrong = false_reads = 0
    started = time.perf_counter()
    for frame, expected in frames:
        t0 = time.perf_counter()
        found = decoder.decode(frame)
        times_ms.append((time.perf_counter() - t0) * 1000)
        texts = {d.text for d in found}
        if expected is None:
            false_reads += bool(texts)
        elif expected in texts:
            read += 1
        elif texts:
            wrong += 1
    total = time.perf_counter() - started
    with_code = sum(1 for _, e in frames if e is not None)
    return {
        "fps": round(len(frames) / total, 1),
        "ms": summary(times_ms),
        "read_rate": round(read / with_code, 3) if with_code else None,
        "wrong_reads": wrong,
        "false_reads_on_empty": false_reads,
    }


def run(frames: int, seed: int = 42) -> dict[str, Any]:
    data = make_frames(frames, seed)
    zxing, pyzbar = ZxingDecoder(), PyzbarDecoder()
    results = {
        "zxing": measure(zxing, data),
        "pyzbar": measure(pyzbar, data),
        "chain": measure(ChainDecoder([zxing, pyzbar]), data),
    }
    report: dict[str, Any] = {
        "date": now_iso(),
        "machine": machine(),
        "frames": len(data),
        "frames_with_code": sum(1 for _, e in data if e is not None),
        "frame_size": "640x480 BGR",
        "decode_fps_zxing": results["zxing"]["fps"],
        "decode_fps_pyzbar": results["pyzbar"]["fps"],
        "decode_fps_chain": results["chain"]["fps"],
        "fps_ratio_zxing_over_pyzbar": round(
            results["zxing"]["fps"] / results["pyzbar"]["fps"], 2),
        "decoders": results,
        "targets": {"decode_fps_zxing": TARGET_FPS},
        "met": {"decode_fps_zxing": results["zxing"]["fps"] >= TARGET_FPS},
    }
    try:  # another bench (catalogue lookup of a read code) plugs its figures in here
        from bench import scan_lookup
    except ImportError:
        scan_lookup = None
    return report if scan_lookup is None else {**report, **_lookup(scan_lookup)}


def _lookup(module: object) -> dict[str, Any]:
    hook = getattr(module, "measure_classify_lookup", None)
    return dict(hook(_ARGS)) if callable(hook) else {}


_ARGS: Any = None  # the argparse namespace, for the lookup hook


def format_table(report: dict[str, Any]) -> str:
    rows = [f"scan — {report['date']}, {report['frames']} frames "
            f"({report['frames_with_code']} with a code), {report['frame_size']}",
            f"{'decoder':<8} {'fps':>7} {'p50 ms':>8} {'p95 ms':>8} {'read':>6} {'false':>6}"]
    for name, r in report["decoders"].items():
        rows.append(f"{name:<8} {r['fps']:>7.1f} {r['ms']['p50']:>8.2f} {r['ms']['p95']:>8.2f} "
                    f"{r['read_rate']:>6.1%} {r['false_reads_on_empty'] + r['wrong_reads']:>6}")
    met = "yes" if report["met"]["decode_fps_zxing"] else "NO"
    rows.append(f"zxing / pyzbar = {report['fps_ratio_zxing_over_pyzbar']}x; "
                f"target zxing >= {TARGET_FPS:.0f} fps: {met}")
    return "\n".join(rows)
