"""Where frames come from: a real camera through OpenCV, or files that behave like one.

The worker only sees `FrameSource`, so tests and the demo drive the exact code path a real
camera does (open in the worker thread, paced frames, end of stream) with `FileFrames`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from pos_app.errors import PosError
from pos_app.i18n import _


class FrameSource(Protocol):
    """A camera: `open()` may raise PosError("camera_unavailable"); `read()` gives a BGR or
    grayscale uint8 frame, or None when the stream has ended."""

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


def load_image(path: str | Path) -> np.ndarray:
    """Read an image file as BGR; np.fromfile + imdecode also copes with non-ASCII paths on
    Windows, where cv2.imread fails. Raises OSError/ValueError with a short reason."""
    import cv2

    data = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise ValueError(_("not an image file that can be read"))
    return image


class OpenCvCamera:
    """A USB/built-in camera via cv2.VideoCapture; open it in the thread that reads it."""

    def __init__(self, index: int = 0, width: int = 640, height: int = 480,
                 api_preference: int | None = None, max_failed_reads: int = 30) -> None:
        self.index = index
        self.width = width
        self.height = height
        self.api_preference = api_preference
        self.max_failed_reads = max_failed_reads
        self._capture: object | None = None

    def open(self) -> None:
        import cv2

        # A missing index makes OpenCV print V4L2/obsensor warnings on stderr; the app says it
        # once, translated, through PosError instead.
        previous = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
        try:
            api = cv2.CAP_ANY if self.api_preference is None else self.api_preference
            capture = cv2.VideoCapture(self.index, api)
            opened = capture.isOpened()
        except cv2.error as error:
            capture, opened = None, False
            reason = str(error).strip().splitlines()[-1]
        else:
            reason = _("camera {index} cannot be opened").format(index=self.index)
        finally:
            cv2.utils.logging.setLogLevel(previous)
        if not opened:
            if capture is not None:
                capture.release()
            raise PosError("camera_unavailable", detail=reason)
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        self._capture = capture

    def read(self) -> np.ndarray | None:
        """The next frame; a camera that stops delivering (unplugged) raises PosError after
        `max_failed_reads` attempts, a live camera never 'ends'."""
        if self._capture is None:
            raise PosError("camera_unavailable",
                           detail=_("camera {index} is not open").format(index=self.index))
        for _attempt in range(self.max_failed_reads):
            ok, frame = self._capture.read()  # type: ignore[attr-defined]
            if ok and frame is not None:
                return frame
            time.sleep(0.01)
        raise PosError("camera_unavailable",
                       detail=_("camera {index} stopped sending frames").format(index=self.index))

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()  # type: ignore[attr-defined]
            self._capture = None


class FileFrames:
    """A fake camera at the hardware edge: image files or arrays delivered at `fps`, then None.

    `delivered` counts frames handed out, so a test clock can be tied to frame numbers.
    """

    def __init__(self, frames: Sequence[str | Path | np.ndarray], fps: float = 30.0, *,
                 repeat: int = 1, loop: bool = False,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._items = list(frames)
        self.fps = fps
        self.repeat = max(1, repeat)
        self.loop = loop
        self._sleep = sleep
        self._clock = clock
        self._frames: list[np.ndarray] = []
        self._next_at = 0.0
        self.delivered = 0
        self.is_open = False

    def open(self) -> None:
        """Load every file up front, like a camera that either opens or does not."""
        loaded = []
        for item in self._items:
            if isinstance(item, np.ndarray):
                loaded.append(item)
                continue
            try:
                loaded.append(load_image(item))
            except (OSError, ValueError) as error:
                raise PosError("camera_unavailable", detail=f"{item}: {error}") from error
        self._frames = [frame for frame in loaded for _ in range(self.repeat)]
        self.delivered = 0
        self._next_at = self._clock()
        self.is_open = True

    def read(self) -> np.ndarray | None:
        if not self.is_open:
            return None
        total = len(self._frames)
        if not total or (self.delivered >= total and not self.loop):
            return None
        if self.fps > 0:
            wait = self._next_at - self._clock()
            if wait > 0:
                self._sleep(wait)
            self._next_at = max(self._next_at, self._clock()) + 1.0 / self.fps
        frame = self._frames[self.delivered % total]
        self.delivered += 1
        return frame.copy()  # a camera hands out a fresh buffer each time

    def close(self) -> None:
        self.is_open = False
