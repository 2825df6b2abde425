"""`decode` on files: JSON lines, any orientation, a bad file is a line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera.cli import decode_any_orientation, decode_cli, decode_json, main
from devices.camera.decoder import Decoded, PyzbarDecoder
from tests.devices.camera import images as img


def _save(path: Path, image: np.ndarray) -> Path:
    assert cv2.imwrite(str(path), image)
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "qr": _save(tmp_path / "qr.png", img.qr()),
        "dm": _save(tmp_path / "数据矩阵.png", img.rotated(img.gs1_datamatrix(), 90)),
        "ean": _save(tmp_path / "ean.jpg", img.rotated(img.ean13(), 180)),
        "blank": _save(tmp_path / "blank.png", img.blank()),
    }


def test_prints_one_json_line_per_file(files, tmp_path: Path, capsys) -> None:
    missing = tmp_path / "missing.png"
    paths = [files["qr"], files["dm"], files["ean"], files["blank"], missing]
    assert decode_cli(paths) == 1
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["file"] for r in rows] == [str(p) for p in paths]
    assert rows[0]["results"] == [{"text": img.QR_TEXT, "format": "qr"}]
    assert rows[1]["results"] == [{"text": img.GS1_RAW, "format": "datamatrix"}]
    assert rows[2]["results"] == [{"text": img.EAN13, "format": "ean13"}]
    assert rows[3] == {"file": str(files["blank"]), "results": []}
    assert rows[4]["results"] == [] and rows[4]["error"].startswith("Cannot read the file")
    assert all("error" not in r for r in rows[:4])


def test_all_readable_files_exit_0(files) -> None:
    assert decode_cli([files["qr"], files["blank"]]) == 0
    assert main([str(files["ean"])]) == 0


def test_a_file_that_is_not_an_image_is_an_error_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.png"
    junk.write_text("not a picture")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    rows = decode_json([junk, empty])
    assert all(r["results"] == [] and "error" in r for r in rows)


def test_quarter_turns_help_a_decoder_that_needs_the_picture_upright() -> None:
    class UprightOnly:
        """Reads only when the EAN-13 bars are vertical, like a plain scan-line reader."""

        def __init__(self) -> None:
            self.inner = PyzbarDecoder()

        def decode(self, image: np.ndarray) -> list[Decoded]:
            return self.inner.decode(image) if image.shape[1] > image.shape[0] else []

    upright = img.on_page(img.ean13()[165:315, :], size=(640, 480))
    turned = cv2.rotate(upright, cv2.ROTATE_90_CLOCKWISE)
    assert UprightOnly().decode(turned) == []
    assert decode_any_orientation(turned, UprightOnly()) == [Decoded(img.EAN13, "ean13")]
