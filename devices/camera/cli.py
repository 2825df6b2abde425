"""`shopfloor decode IMAGE…`: read the barcodes in image files, one JSON line per file.

For support and set-up: "does the camera decoder read this label?" answered from a photo,
with no camera and no window. A bad file is a line with an "error", never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from devices.camera.capture import load_image
from devices.camera.decoder import Decoded, Decoder, default_decoder
from pos_app.errors import PosError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNREADABLE = 1


def decode_any_orientation(image: np.ndarray, decoder: Decoder) -> list[Decoded]:
    """As is first (zxing-cpp already tries 90° turns), then the three quarter turns for
    decoders and symbols that need the picture upright."""
    import cv2

    found = decoder.decode(image)
    turns = (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE)
    for turn in turns:
        if found:
            break
        found = decoder.decode(cv2.rotate(image, turn))
    return found


def _error_text(path: str, error: BaseException) -> str:
    detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return PosError("import_file_unreadable", path=path, detail=detail).message()


def decode_json(paths: Sequence[str | Path], decoder: Decoder | None = None
                ) -> list[dict[str, Any]]:
    """One dict per path: {"file", "results": [{"text", "format"}]} plus "error" when the
    file could not be read as an image (missing, not an image, unreadable)."""
    decoder = decoder or default_decoder()
    rows: list[dict[str, Any]] = []
    for path in paths:
        name = str(path)
        row: dict[str, Any] = {"file": name, "results": []}
        try:
            image = load_image(path)
        except (OSError, ValueError) as error:
            row["error"] = _error_text(name, error)
        else:
            try:
                found = decode_any_orientation(image, decoder)
                row["results"] = [{"text": d.text, "format": d.format} for d in found]
            except Exception:  # a decoder crash on one file must not lose the others
                ref = uuid.uuid4().hex[:8]
                log.debug("decoding %s failed, ref %s", name, ref, exc_info=True)
                row["error"] = PosError("internal", ref=ref).message()
        rows.append(row)
    return rows


def decode_cli(paths: Sequence[str | Path], decoder: Decoder | None = None) -> int:
    """Print one JSON object per image; 0 when every file could be read (with or without a
    barcode), 1 when any could not."""
    rows = decode_json(paths, decoder)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return EXIT_OK if all("error" not in row for row in rows) else EXIT_UNREADABLE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The decode options, for the app's CLI (the lead wires the sub-command)."""
    parser.add_argument("images", nargs="+", type=Path, help="image files (PNG, JPEG, …)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shopfloor decode")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return decode_cli(args.images)


if __name__ == "__main__":
    sys.exit(main())
