"""A fake Epson-compatible network printer: a real TCP server on 127.0.0.1.

It records every byte it gets and answers DLE EOT n the way a real printer does, so tests
exercise the real socket link, timeouts and status parsing.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Literal

State = Literal["ok", "paper_out", "cover_open", "offline", "error", "silent", "dead"]

# Replies to DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor) per state.
STATUS_BYTES: dict[str, dict[int, int]] = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
    "error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
}


class FakeNetworkPrinter:
    """Listens on a random port; `state` decides the status replies ("dead" = port closed)."""

    def __init__(self) -> None:
        self.state: str = "ok"
        self.received = bytearray()
        self.status_queries: list[int] = []
        self._lock = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept_loop, daemon=True)
        self._accepting.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def set_state(self, state: State | str) -> None:
        if state == "dead":
            self._close_server()
        self.state = state

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def wait_for(self, needle: bytes, timeout: float = 5.0) -> bytes:
        """All bytes so far, once `needle` arrived (the server reads on its own thread)."""
        with self._lock:
            self._lock.wait_for(lambda: needle in self.received, timeout=timeout)
            return bytes(self.received)

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, _addr = self._server.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        pending = b""
        with conn:
            while True:
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                with self._lock:
                    self.received += chunk
                    self._lock.notify_all()
                pending = self._answer_queries(conn, pending + chunk)

    def _answer_queries(self, conn: socket.socket, data: bytes) -> bytes:
        """Reply to every complete DLE EOT n in `data`; keep a split one for the next chunk."""
        start = 0
        while True:
            index = data.find(b"\x10\x04", start)
            if index < 0:
                return data[-1:] if data.endswith(b"\x10") else b""
            if index + 2 >= len(data):
                return data[index:]
            n = data[index + 2]
            self.status_queries.append(n)
            replies = STATUS_BYTES.get(self.state)
            if replies is not None and n in replies:
                conn.sendall(bytes([replies[n]]))
            start = index + 3

    def _close_server(self) -> None:
        # shutdown() wakes the blocked accept() and stops listening: connects are refused.
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._server.close()

    def close(self) -> None:
        self._close_server()
