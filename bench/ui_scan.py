"""`python -m bench ui_scan`: scan → painted cart line through the real till UI (issue 15).

The till's window runs in this process on a private Xvfb, on the full-scale store (200k
products, 1M members; bench/datadir.py). xdotool types each code and its Enter suffix at
8 ms a key, as a keyboard-wedge scanner does, so every scan goes the real way: X server →
Qt → the app-wide wedge filter (devices.scanner.qt_wedge) → MainWindow.on_scan → the sale
screen → the till → the cart table's model → paint.

Timed per scan, with Qt's own event timestamps: from the Enter key's press (its X server
timestamp, put on this process's clock by the smallest stamp-to-arrival offset seen over all
keys, so a GUI thread that is late to read a key is counted against the app) to the end of
the first window repaint after the till holds the new state (a `QEvent.UpdateRequest` of the
main window, the cart's viewport painted in it, then a zero-time timer, which fires once the
repaint and the flush to the X server are done). Carts grow to 100 lines; every tenth scan
re-scans a line already in the cart (its quantity goes up) and at 25, 50, 75 and 100 lines a
member code is scanned (the member joins the sale and the cart is priced for them).

Baseline, same run, same keys: a bare QLineEdit whose Enter appends a row to a QListWidget,
timed the same way (the floor of X → Qt → paint on this machine).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.datadir import FULL, SMOKE, DataDir, build_or_reuse
from bench.startup import DEFAULT_DIR, forget_open_cart, member_codes
from bench.stats import machine, now_iso, summary
from bench.xvfb import Xvfb

TARGET_P95_MS = 30.0
TIMEOUT_S = 5.0


class Probe:
    """Key presses in (app-wide), repaints of the window out; one pending scan at a time."""

    def __init__(self, app: Any, window: Any, viewport: Any | None) -> None:
        from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer

        self._qt = (QEvent, QTimer, Qt)
        self.loop = QEventLoop()
        self.window = window
        self.viewport = viewport
        self.offset_s: float | None = None  # perf_counter - X stamp, smallest seen
        self.enter: tuple[float, int] | None = None  # (arrival, stamp ms) of the suffix
        self.done_at: float | None = None
        self.condition: Any = None
        self.need_viewport = True
        self._viewport_painted = False
        self.timeout = QTimer()
        self.timeout.setSingleShot(True)
        self.timeout.timeout.connect(self.loop.quit)
        probe = self

        class Filter(QObject):
            def eventFilter(self, watched, event):
                probe.seen(watched, event)
                return False

        self.filter = Filter()
        app.installEventFilter(self.filter)  # installed last: sees keys before the wedge

    def seen(self, watched: Any, event: Any) -> None:
        q_event, q_timer, qt = self._qt
        kind = event.type()
        if kind == q_event.Type.KeyPress:
            now = time.perf_counter()
            stamp = int(event.timestamp())
            if stamp:
                offset = now - stamp / 1000
                self.offset_s = offset if self.offset_s is None else min(self.offset_s, offset)
            if event.key() in (qt.Key.Key_Return, qt.Key.Key_Enter) and self.enter is None:
                self.enter = (now, stamp)
        elif kind == q_event.Type.Paint and watched is self.viewport:
            self._viewport_painted = True
        elif (kind == q_event.Type.UpdateRequest and watched is self.window
              and self.enter is not None and self.done_at is None
              and self.condition is not None and self.condition()):
            self._viewport_painted = False
            q_timer.singleShot(0, self._finish)

    def _finish(self) -> None:
        painted = self._viewport_painted or not self.need_viewport or self.viewport is None
        if self.done_at is None and painted:
            self.done_at = time.perf_counter()
            self.loop.quit()

    def measure(self, x: Xvfb, text: str, condition: Any,
                need_viewport: bool = True) -> tuple[float, float] | None:
        """Type `text` + Enter; (ms from the key's press, ms from its delivery) or None.
        `need_viewport`: the cart's rows must be in the repaint (a member attached to a
        cart without member prices changes no row: the member panel's repaint counts)."""
        self.enter, self.done_at, self.condition = None, None, condition
        self.need_viewport = need_viewport
        typing = x.xdotool("type", "--delay", "8", text + "\r", wait=False)
        self.timeout.start(int(TIMEOUT_S * 1000))
        self.loop.exec()
        self.timeout.stop()
        typing.wait(10)
        self.condition = None
        settle(0.03)
        if self.done_at is None or self.enter is None:
            return None
        arrival, stamp = self.enter
        pressed = stamp / 1000 + self.offset_s if stamp and self.offset_s is not None else arrival
        return (self.done_at - pressed) * 1000, (self.done_at - arrival) * 1000


def settle(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def baseline(x: Xvfb, app: Any, codes: list[str]) -> list[float]:
    from PySide6.QtWidgets import QLineEdit, QListWidget, QVBoxLayout, QWidget

    window = QWidget()
    field, rows = QLineEdit(), QListWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(rows)
    field.returnPressed.connect(lambda: (rows.addItem(field.text()), field.clear()))
    window.resize(800, 600)
    window.setWindowTitle("bench baseline")
    window.show()
    settle(0.5)
    x.xdotool("windowfocus", "--sync", str(int(window.winId())))
    field.setFocus()
    probe = Probe(app, window, rows.viewport())
    out = []
    for code in codes:
        want = rows.count() + 1
        got = probe.measure(x, code, lambda want=want: rows.count() >= want)
        if got is not None:
            out.append(got[0])
    app.removeEventFilter(probe.filter)
    window.close()
    return out


def _plan(data: DataDir, carts: int, lines: int, members: list[str]) -> list[list[tuple]]:
    """Per cart: ("new", code) for each line, ("rescan", code) every tenth, ("member", code)
    at each quarter of the cart."""
    plans, n, m = [], 0, 0
    codes = data.barcodes
    for _ in range(carts):
        plan: list[tuple] = []
        first = n
        for i in range(lines):
            plan.append(("new", codes[n % len(codes)]))
            n += 1
            if i % 10 == 9:
                plan.append(("rescan", codes[(first + i - 5) % len(codes)]))
            if (i + 1) % max(1, lines // 4) == 0:
                plan.append(("member", members[m % len(members)]))
                m += 1
        plans.append(plan)
    return plans


def _member_is(till: Any, member_id: str) -> Any:
    return lambda: (till.sale.cart.member_id or "").lower() == member_id


def _items_are(till: Any, count: int) -> Any:
    return lambda: sum(line.quantity for line in till.sale.cart.lines) == count


def _rss_mb() -> float:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return round(int(row.split()[1]) / 1024, 1)
    return float("nan")


def run(carts: int | None = None, smoke: bool = False, workdir: Path | None = None,
        seed: int = 42) -> dict[str, Any]:
    sizes = SMOKE if smoke else FULL
    base = workdir or (Path(tempfile.gettempdir()) if smoke else DEFAULT_DIR)
    data = build_or_reuse(base / ("till-smoke" if smoke else "till-full"), sizes["products"],
                          sizes["members"], seed)
    carts = carts if carts is not None else (1 if smoke else 2)
    lines = 12 if smoke else 100
    forget_open_cart(data)
    x = Xvfb()
    os.environ.update(DISPLAY=x.display, QT_QPA_PLATFORM="xcb")
    try:
        return _measure(x, data, carts, lines)
    finally:
        x.stop()


def _measure(x: Xvfb, data: DataDir, carts: int, lines: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from pos_app.app import build
    from pos_app.domain.tenders import Tender, TenderKind

    app = QApplication.instance() or QApplication([])
    base = baseline(x, app, data.barcodes[:30 if lines >= 100 else 10])
    container = build(data.path)
    from ui.main import create_window, install_qt_translations

    install_qt_translations(app)
    window = create_window(container, app)
    window.show_all()
    from ui.startup import warm_up

    warm_up()  # as ui.main.run does once the window is up
    settle(2.0)
    till = container.till
    window.signin.signed_in.emit(till.sign_in("1001", "1111"))
    settle(0.5)
    x.xdotool("windowfocus", "--sync", str(int(window.winId())))
    window.sale.scan_edit.setFocus()
    members = member_codes(data, 8)
    probe = Probe(app, window, window.sale.cart_table.viewport())
    by_kind: dict[str, list[float]] = {"new": [], "rescan": [], "member": []}
    by_size: dict[str, list[float]] = {}
    delivered: list[float] = []
    lost = 0
    for plan in _plan(data, carts, lines, members):
        for kind, code in plan:
            cart = till.sale.cart
            items = sum(line.quantity for line in cart.lines)
            condition = (_member_is(till, code.partition(":")[2].lower()) if kind == "member"
                         else _items_are(till, items + 1))
            got = probe.measure(x, code, condition, need_viewport=kind != "member")
            if got is None:
                lost += 1
                continue
            by_kind[kind].append(got[0])
            delivered.append(got[1])
            size = len(till.sale.cart.lines)
            bucket = f"{(size - 1) // 25 * 25 + 1}-{(size - 1) // 25 * 25 + 25}"
            by_size.setdefault(bucket, []).append(got[0])
        total = till.sale.totals().total
        till.sale.complete([Tender(TenderKind.CASH, total)])  # not timed: the next cart
        window.sale.refresh()
        settle(0.2)
    rss = _rss_mb()
    container.sync.stop() if hasattr(container.sync, "stop") else None
    window.close()
    container.engine.dispose()
    every = [v for values in by_kind.values() for v in values]
    s, b = summary(every), summary(base)
    return {
        "bench": "ui_scan",
        "date": now_iso(),
        "machine": {**machine(data.path), "loadavg": [round(v, 2) for v in os.getloadavg()]},
        "products": data.products,
        "members": data.members,
        "carts": carts,
        "lines_per_cart": lines,
        "scans": len(every),
        "lost_scans": lost,
        "ui_scan_to_line_p50_ms": s["p50"],
        "ui_scan_to_line_p95_ms": s["p95"],
        "ui_scan_to_line_max_ms": s["max"],
        "from_delivery_p95_ms": summary(delivered)["p95"],
        "by_kind_p95_ms": {k: summary(v)["p95"] for k, v in by_kind.items() if v},
        "by_cart_size_p95_ms": {k: summary(v)["p95"] for k, v in sorted(
            by_size.items(), key=lambda kv: int(kv[0].split("-")[0]))},
        "baseline_p50_ms": b["p50"],
        "baseline_p95_ms": b["p95"],
        "rss_mb": rss,
        "targets": {"ui_scan_to_line_p95_ms": TARGET_P95_MS},
        "met": {"ui_scan_to_line_p95_ms": s["p95"] < TARGET_P95_MS and lost == 0},
    }


def format_table(r: dict[str, Any]) -> str:
    kinds = ", ".join(f"{k} {v}" for k, v in r["by_kind_p95_ms"].items())
    sizes = ", ".join(f"{k}: {v}" for k, v in r["by_cart_size_p95_ms"].items())
    return "\n".join([
        f"ui_scan bench — {r['date']}, {r['products']:,} products, {r['members']:,} members, "
        f"{r['carts']} carts of {r['lines_per_cart']} lines, load {r['machine']['loadavg']}",
        f"scan → painted line: p50 {r['ui_scan_to_line_p50_ms']} ms, p95 "
        f"{r['ui_scan_to_line_p95_ms']} ms, max {r['ui_scan_to_line_max_ms']} ms "
        f"({r['scans']} scans, {r['lost_scans']} lost); from delivery p95 "
        f"{r['from_delivery_p95_ms']} ms",
        f"p95 by kind: {kinds}; by cart size: {sizes}",
        f"baseline (QLineEdit → QListWidget row): p50 {r['baseline_p50_ms']} ms, p95 "
        f"{r['baseline_p95_ms']} ms; rss {r['rss_mb']} MB",
        f"target p95 < {TARGET_P95_MS:.0f} ms; met: {r['met']}",
        "",
    ])

