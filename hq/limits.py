"""What one till (or one stranger) may cost HQ: body size, request rate, rows per request.

Why (issue 13): one 40 MiB event took HQ from 97 to 439 MB and was stored whole; a batch of
4 × 10,000 units held the write lock 27 s and another store got 503s; 3,000 wrong enrollment
codes went through at 431/s. Here:

- `BodyLimit` (ASGI): a declared Content-Length over the limit gets 413 before anything is
  read; a body without one is counted as it streams and refused the moment it passes the
  limit, so no request costs more than `max_body_bytes` of memory;
- `Bucket`s: per-device request rate (key = the bearer token's digest, so unknown tokens
  are throttled as well), per-IP and global failed registrations; 429 with Retry-After;
- `FairGate`: HQ's writes to SQLite queue first come, first served, one bounded
  transaction at a time, so a big batch is cut (`chunks`) and waits its turn between chunks
  instead of starving another store's single sale;
- per-event-type payload caps (`EVENT_BYTES`) and a cap on rows per request (`MAX_ROWS`).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class HqLimits:
    max_body_bytes: int = 4 * MIB
    device_rate_per_s: float = 20.0  # sustained requests per second per device token
    device_burst: int = 200
    register_failures_per_ip: int = 10  # wrong codes before an IP waits…
    register_ip_refill_s: float = 30.0  # …one more try per this many seconds
    register_failures_global: int = 100
    register_global_refill_s: float = 3.0
    max_rows_per_request: int = 20_000  # lines + units + moves of all events in one push
    chunk_rows: int = 1_000  # rows per write transaction


LAX = HqLimits(device_rate_per_s=1e6, device_burst=10**6, register_failures_per_ip=10**6,
               register_failures_global=10**6)

# Canonical-JSON bytes one event's payload may have, by type (else DEFAULT_EVENT_BYTES).
EVENT_BYTES: dict[str, int] = {
    "sale.completed": 512 * 1024,
    "return.completed": 512 * 1024,
    "units.received": 3 * MIB,  # up to 10,000 units
    "units.sold": 256 * 1024,
    "member.enrolled": 16 * 1024,
    "member.tagged": 8 * 1024,
    "audit": 16 * 1024,
}
DEFAULT_EVENT_BYTES = 64 * 1024
# List items (lines, units, moves) one event may carry: one event is one transaction.
EVENT_ROWS: dict[str, int] = {"units.received": 1000, "units.sold": 1000,
                              "sale.completed": 1000, "return.completed": 1000}
KEEP_REJECTED_BYTES = 2048  # what is kept of a refused payload (plus its SHA-256)


def payload_size(payload: dict[str, Any]) -> int:
    return len(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8",
                                                                              "surrogatepass"))


def oversize_reason(event_type: str, payload: dict[str, Any], measure: bool = True,
                    rows: int | None = None) -> str:
    """'' or why this payload is too big for its type (rows in one event, or bytes unless
    `measure` is False: the caller knows the whole request is under the cap). `rows`: its
    `rows_of`, when the caller has it already."""
    rows = (rows_of(payload) if rows is None else rows) - 1
    if rows > EVENT_ROWS.get(event_type, 1000):
        return (f"payload too large: {rows} rows, {event_type} allows "
                f"{EVENT_ROWS.get(event_type, 1000)} per event")
    if not measure:
        return ""
    limit = EVENT_BYTES.get(event_type, DEFAULT_EVENT_BYTES)
    size = payload_size(payload)
    return f"payload too large: {size} bytes, {event_type} allows {limit}" if size > limit else ""


def truncated(canonical: str) -> str:
    """A refused payload as kept at HQ: its first bytes and the SHA-256 of the whole."""
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    head = canonical.encode("utf-8", "surrogatepass")[:KEEP_REJECTED_BYTES]
    return json.dumps({"truncated": True, "bytes": len(canonical.encode("utf-8", "surrogatepass")),
                       "sha256": digest, "head": head.decode("utf-8", "ignore")})


def rows_of(payload: dict[str, Any]) -> int:
    """How many table rows an event writes, roughly: 1 + its list items."""
    return 1 + sum(len(v) for v in payload.values() if isinstance(v, list))


def chunks(items: list[Any], weight: Callable[[Any], int], limit: int) -> Iterator[list[Any]]:
    """Consecutive runs of `items` whose weights sum to ≤ `limit` (an item alone may pass)."""
    run: list[Any] = []
    total = 0
    for item in items:
        w = weight(item)
        if run and total + w > limit:
            yield run
            run, total = [], 0
        run.append(item)
        total += w
    if run:
        yield run


class Bucket:
    """Token buckets by key: `capacity` tries, one back every `refill_s`. Thread-safe and
    bounded (the least recently used keys are forgotten past `max_keys`)."""

    def __init__(self, capacity: float, refill_s: float, max_keys: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity, self.refill_s, self.max_keys = capacity, refill_s, max_keys
        self._clock = clock
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        level, at = self._state.get(key, (self.capacity, now))
        return min(self.capacity, level + (now - at) / self.refill_s)

    def wait_s(self, key: str) -> int:
        """0 when `key` may go now, else the seconds until it may (for Retry-After)."""
        with self._lock:
            level = self._level(key, self._clock())
            return 0 if level >= 1 else max(1, math.ceil((1 - level) * self.refill_s))

    def take(self, key: str) -> int:
        """Spend one try; returns 0, or the wait (nothing spent) when there is none left."""
        with self._lock:
            now = self._clock()
            level = self._level(key, now)
            if level < 1:
                return max(1, math.ceil((1 - level) * self.refill_s))
            self._state[key] = (level - 1, now)
            self._state.move_to_end(key)
            while len(self._state) > self.max_keys:
                self._state.popitem(last=False)
            return 0


class FairGate:
    """A first-come-first-served lock: the holder of a ticket writes; the rest queue in
    arrival order (SQLite's own busy handler favours whoever retries at the right moment,
    which is how a big batch starved a single sale)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._queue: deque[object] = deque()

    def __enter__(self) -> FairGate:
        me = object()
        with self._cond:
            self._queue.append(me)
            self._cond.wait_for(lambda: self._queue[0] is me)
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._cond:
            self._queue.popleft()
            self._cond.notify_all()


class BodyLimit:
    """ASGI middleware: 413 for a request body over `max_bytes`, decided before parsing."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await _answer(send, 413, {"detail": f"request body over {self.max_bytes} bytes"})
                return
        body, more = [], True
        seen = 0
        while more:  # read it all here, never more than the limit (plus one message)
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                await _answer(send, 413, {"detail": f"request body over {self.max_bytes} bytes"})
                return
            body.append(message)
            more = message.get("more_body", False)
        await self.app(scope, _replay(body, receive), send)


def _replay(messages: list[dict[str, Any]], then: Any = None) -> Any:
    """A `receive` that hands out the messages read already, then waits on the real one."""
    queue = deque(messages)

    async def receive() -> dict[str, Any]:
        if queue:
            return queue.popleft()
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive


async def _answer(send: Any, status: int, body: dict[str, Any],
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    raw = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(raw)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": raw})


class DeviceRate:
    """ASGI middleware: per bearer token, `rate` requests a second after a `burst`; 429."""

    def __init__(self, app: Any, limits: HqLimits) -> None:
        self.app = app
        self.bucket = Bucket(limits.device_burst, 1.0 / limits.device_rate_per_s)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            auth = dict(scope.get("headers") or []).get(b"authorization")
            if auth:
                wait = self.bucket.take(hashlib.sha256(auth).hexdigest())
                if wait:
                    await _answer(send, 429, {"detail": "too many requests from this device"},
                                  [(b"retry-after", str(wait).encode())])
                    return
        await self.app(scope, receive, send)
