"""A fault-injecting HTTP proxy on 127.0.0.1, between a terminal and a real HQ.

Per request it picks one fate at random (seeded):
- `pass`: forward, answer;
- `drop_request`: close the client's connection before forwarding (HQ never sees it);
- `drop_response`: forward, read HQ's full answer (HQ committed), then close without a byte;
- `reset`: forward, send half of HQ's answer, then reset the connection (RST via SO_LINGER 0);
- `delay`: wait up to `max_delay` seconds, then forward;
- `duplicate`: send the request to HQ twice at once, answer with one of the replies.

One request per client connection: the proxy asks HQ for `Connection: close` and passes
that header on, so every request takes a fresh connection and gets its own fate.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter

FATES = ("pass", "drop_request", "drop_response", "reset", "delay", "duplicate")


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name = line.split(b":", 1)[0].strip().lower()
        if name == b"content-length":
            length = int(line.split(b":", 1)[1])
        if name in (b"connection", b"keep-alive"):
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


def _exchange(upstream: tuple[str, int], request: bytes, timeout: float) -> bytes | None:
    """Send to HQ and read its whole answer (HQ closes after it); None if HQ is down."""
    try:
        with socket.create_connection(upstream, timeout=timeout) as up:
            up.sendall(request)
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks) or None
    except OSError:
        return None


def _reset(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        weights: dict[str, float] | None = None,
        seed: int = 7,
        max_delay: float = 0.2,
        upstream_timeout: float = 30.0,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.weights = weights or {"pass": 1.0}
        self.max_delay = max_delay
        self.upstream_timeout = upstream_timeout
        self.counts: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name="fault-proxy")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _fate(self) -> str:
        with self._lock:
            fates, weights = zip(*self.weights.items(), strict=True)
            fate = self._rng.choices(fates, weights)[0]
            self.counts[fate] += 1
            return fate

    def _serve(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        try:
            client.settimeout(self.upstream_timeout)
            request = _read_request(client)
            if request is None:
                client.close()
                return
            fate = self._fate()
            if fate == "drop_request":
                client.close()
                return
            if fate == "delay":
                time.sleep(self._rng.uniform(0, self.max_delay))
            if fate == "duplicate":
                other = threading.Thread(
                    target=_exchange, args=(self.upstream, request, self.upstream_timeout)
                )
                other.start()
                answer = _exchange(self.upstream, request, self.upstream_timeout)
                other.join()
            else:
                answer = _exchange(self.upstream, request, self.upstream_timeout)
            if answer is None or fate == "drop_response":
                client.close()
                return
            if fate == "reset":
                client.sendall(answer[: len(answer) // 2])
                _reset(client)
                return
            client.sendall(answer)
            client.close()
        except OSError:
            client.close()

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(2)
