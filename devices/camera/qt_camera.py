"""The camera thread: read frames, decode them, hand pictures and codes to the GUI by signals.

Capture and decoding run off the GUI thread (ARCHITECTURE §Threads); a frame crosses over
as `QImage(...).copy()` so the GUI never points into a numpy buffer the worker reuses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from devices.camera.capture import FrameSource
from devices.camera.decoder import Decoder
from devices.camera.gate import LINEAR_FORMATS, ReadGate
from pos_app.errors import PosError

log = logging.getLogger(__name__)


def to_qimage(frame: np.ndarray) -> QImage:
    """BGR or grayscale uint8 → an independent QImage (the copy owns its pixels)."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    if frame.ndim == 2:
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_Grayscale8)
    else:
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class CameraWorker(QThread):
    """Owns the FrameSource for its whole life: opened, read and closed in this thread."""

    frame_ready = Signal(QImage)
    code_read = Signal(str, str)  # text, format
    failed = Signal(str)  # translated message, e.g. "No camera is available (…)."

    def __init__(self, make_source: Callable[[], FrameSource], decoder: Decoder, *,
                 decode_every: int = 1, repeat_s: float = 2.0, freeze_s: float = 0.7,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        """`decode_every` N decodes one frame in N, for slow machines; every frame is still
        shown. `clock` drives the repeat and freeze timings (tests inject a fake one)."""
        super().__init__(parent)
        self._make_source = make_source
        self._decoder = decoder
        self._decode_every = max(1, decode_every)
        self.gate = ReadGate(repeat_s, freeze_s, clock)
        self._stopping = False
        self.frames_read = 0

    def stop(self, timeout_ms: int = 3000) -> bool:
        """Ask the loop to end after the current frame and wait for it; True if it ended."""
        self._stopping = True
        if self.isRunning():
            return self.wait(timeout_ms)
        return True

    def run(self) -> None:
        try:
            source = self._make_source()
            source.open()
        except PosError as error:
            self.failed.emit(error.message())
            return
        except Exception as error:  # a broken driver must not kill the app silently
            log.warning("camera failed to open", exc_info=True)
            self.failed.emit(PosError("camera_unavailable", detail=str(error)).message())
            return
        try:
            self._loop(source)
        except PosError as error:
            self.failed.emit(error.message())
        except Exception as error:
            log.warning("camera stopped", exc_info=True)
            self.failed.emit(PosError("camera_unavailable", detail=str(error)).message())
        finally:
            source.close()

    def _loop(self, source: FrameSource) -> None:
        while not self._stopping:
            frame = source.read()
            if frame is None:
                return
            self.frames_read += 1
            if self.gate.frozen():
                continue  # keep the read frame on screen; the camera still drains frames
            shown = False
            if (self.frames_read - 1) % self._decode_every == 0:
                for found in self._decoder.decode(frame):
                    if self.gate.accept(found.text, confirm=found.format in LINEAR_FORMATS):
                        if not shown:
                            self.frame_ready.emit(to_qimage(frame))  # the freeze frame
                            shown = True
                        self.code_read.emit(found.text, found.format)
            if not shown:
                self.frame_ready.emit(to_qimage(frame))
