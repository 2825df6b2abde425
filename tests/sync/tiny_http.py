"""A tiny real HTTP server on 127.0.0.1 that misbehaves on purpose, for client error mapping.

The first path segment picks the behaviour: /ok, /401, /500, /422, /garbage, /shape, /hang,
/close. Real sockets, so httpx's own timeout and reset handling is what gets tested.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK_PAGE = {"stream": "products", "changes": [], "next_cursor": 7, "has_more": False}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append((self.command, self.path, dict(self.headers)))  # type: ignore[attr-defined]
        mode = self.path.strip("/").split("/")[0]
        if mode == "ok":
            self._reply(200, json.dumps(OK_PAGE).encode())
        elif mode in ("401", "500", "503", "422", "404"):
            self._reply(int(mode), b'{"detail": "nope"}')
        elif mode == "garbage":
            self._reply(200, b"<html>proxy login</html>", "text/html")
        elif mode == "shape":
            self._reply(200, b'{"stream": "products", "rows": []}')
        elif mode == "hang":
            time.sleep(3)
            self._reply(200, json.dumps(OK_PAGE).encode())
        elif mode == "close":
            self.close_connection = True
            self.connection.close()
        else:
            self._reply(404, b"{}")

    do_GET = _handle  # noqa: N815
    do_POST = _handle  # noqa: N815


class TinyServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.seen = []  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}"

    @property
    def seen(self) -> list:
        return self.httpd.seen  # type: ignore[attr-defined]

    def __enter__(self) -> TinyServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
