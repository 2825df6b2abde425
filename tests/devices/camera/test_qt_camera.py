"""The camera thread with a fake camera: one read per code per 2 s, freeze, clean failure."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from devices.camera.capture import FileFrames, OpenCvCamera
from devices.camera.decoder import default_decoder
from devices.camera.gate import ReadGate
from devices.camera.qt_camera import CameraWorker, to_qimage
from tests.devices.camera import images as img
from tests.devices.camera.conftest import wait_until


class Recorder:
    def __init__(self, worker: CameraWorker) -> None:
        self.frames: list[int] = []
        self.codes: list[tuple[str, str, int]] = []
        self.failures: list[str] = []
        self.finished = False
        self._worker = worker
        worker.frame_ready.connect(lambda image: self.frames.append(image.width()))
        # Direct: note the frame number in the worker thread, at the moment of the read (a
        # queued slot would run later, when the worker has moved on).
        worker.code_read.connect(
            lambda text, fmt: self.codes.append((text, fmt, worker.frames_read)),
            Qt.ConnectionType.DirectConnection)
        worker.failed.connect(self.failures.append)
        worker.finished.connect(lambda: setattr(self, "finished", True))


@pytest.fixture
def run_worker(qapp):
    started: list[CameraWorker] = []

    def _run(worker: CameraWorker) -> Recorder:
        recorder = Recorder(worker)
        started.append(worker)
        worker.start()
        wait_until(lambda: recorder.finished, 10_000)
        return recorder

    yield _run
    for worker in started:
        assert worker.stop()


def test_same_code_is_read_once_within_2s_and_again_after(run_worker) -> None:
    """Frame k arrives at t = 0.3·k s: read at k=1 (0.3 s); frozen until 1.0 s; the same
    code is refused until 2.3 s, so the next read is frame 8 (2.4 s)."""
    source = FileFrames([img.qr()], fps=0, repeat=10)
    worker = CameraWorker(lambda: source, default_decoder(), clock=lambda: source.delivered * 0.3)
    rec = run_worker(worker)
    assert rec.codes == [(img.QR_TEXT, "qr", 1), (img.QR_TEXT, "qr", 8)]
    assert rec.failures == []
    # frames 2, 3 (0.6 s, 0.9 s) fall in the 0.7 s freeze and are not shown; 9, 10 are frozen
    # again after the second read.
    assert len(rec.frames) == 10 - 4
    assert not source.is_open, "the worker closes its source"


def test_a_different_code_is_read_right_after_the_freeze(run_worker) -> None:
    frames = [img.qr()] * 2 + [img.code128()] * 4
    source = FileFrames(frames, fps=0)
    worker = CameraWorker(lambda: source, default_decoder(), clock=lambda: source.delivered * 0.3)
    rec = run_worker(worker)
    # t: 0.3 qr (read), 0.6 frozen (until 1.0), 0.9 code128 frozen, 1.2 code128 seen once
    # (a linear code waits for a second agreeing frame), 1.5 code128 confirmed and read
    assert [(t, n) for t, _, n in rec.codes] == [(img.QR_TEXT, 1), (img.CODE128, 5)]


def test_no_camera_emits_the_translated_message(run_worker) -> None:
    rec = run_worker(CameraWorker(lambda: OpenCvCamera(index=99), default_decoder()))
    assert rec.failures == ["No camera is available (camera 99 cannot be opened)."]
    assert rec.frames == [] and rec.codes == []


def test_missing_file_in_a_fake_camera_fails_cleanly(run_worker, tmp_path) -> None:
    missing = tmp_path / "nope.png"
    rec = run_worker(CameraWorker(lambda: FileFrames([missing]), default_decoder()))
    assert len(rec.failures) == 1
    assert rec.failures[0].startswith("No camera is available (") and "nope.png" in rec.failures[0]


def test_stop_ends_a_live_stream_promptly(qapp) -> None:
    source = FileFrames([img.blank()], fps=60, loop=True)
    worker = CameraWorker(lambda: source, default_decoder())
    rec = Recorder(worker)
    worker.start()
    wait_until(lambda: len(rec.frames) >= 3)
    assert worker.stop(3000)
    assert not worker.isRunning() and not source.is_open


def test_decode_every_nth_frame_still_shows_every_frame(run_worker) -> None:
    source = FileFrames([img.blank()], fps=0, repeat=6)
    calls: list[int] = []

    class Counting:
        def decode(self, image: np.ndarray) -> list:
            calls.append(1)
            return []

    rec = run_worker(CameraWorker(lambda: source, Counting(), decode_every=3))
    assert len(rec.frames) == 6 and len(calls) == 2


def test_qimage_is_an_independent_copy() -> None:
    frame = img.bgr(img.qr())
    image = to_qimage(frame)
    frame[:] = 0
    assert (image.width(), image.height()) == (640, 480)
    assert image.pixelColor(5, 5).red() == 255
    gray = to_qimage(img.qr())
    assert gray.pixelColor(5, 5).red() == 255


def test_gate_rules_with_a_hand_clock() -> None:
    now = [10.0]
    gate = ReadGate(clock=lambda: now[0])
    assert gate.accept("A") and gate.frozen()
    now[0] = 10.69
    assert gate.frozen()
    now[0] = 10.71
    assert not gate.frozen()
    assert not gate.accept("A") and gate.accept("B")
    now[0] = 11.99
    assert not gate.accept("A")
    now[0] = 12.0
    assert gate.accept("A")


def test_file_frames_paces_like_a_camera() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(round(s, 6))
        now[0] += s

    source = FileFrames([img.blank()], fps=10, repeat=3, sleep=sleep, clock=lambda: now[0])
    source.open()
    got = [source.read() for _ in range(4)]
    assert [g is None for g in got] == [False, False, False, True]
    assert slept == [0.1, 0.1]
