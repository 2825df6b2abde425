"""Composition root: settings, database, devices and services, then the UI.

Kept small on purpose: it wires objects together and decides nothing about selling. What it
builds is a `pos_app.services.container.Container`, which `ui.main.run` is handed; the type
lives below the UI so the UI never imports this module (the root imports the UI, not back).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from local_db.database import open_database
from pos_app.domain.discounts import DiscountLimits
from pos_app.domain.gift_slip import GiftSlip
from pos_app.domain.receipt import Receipt
from pos_app.domain.returns import ReturnSlip
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.errors import PosError
from pos_app.ports import ReceiptPrinterPort
from pos_app.services.container import CameraKit, Container, PrinterFeed
from pos_app.services.hq_settings import HqSettings
from pos_app.services.settings import Settings, SettingsService, default_data_dir
from pos_app.services.shifts import ShiftPolicy
from pos_app.services.sync_service import SyncService
from pos_app.services.terminal_setup import TerminalSetupService
from pos_app.services.till import Till, TillServices

log = logging.getLogger(__name__)


class DecoderOnFirstUse:
    """The camera's decoder (zxing-cpp, numpy, OpenCV: ~0.4 s of imports) is made on the first
    frame to decode, on the camera's worker thread, never at the till's start (issue 15)."""

    def __init__(self) -> None:
        self._real: object | None = None
        self._lock = threading.Lock()

    def decode(self, image: object) -> list:
        if self._real is None:
            with self._lock:
                if self._real is None:
                    from devices.camera.decoder import default_decoder

                    self._real = default_decoder()
        return self._real.decode(image)  # type: ignore[attr-defined]


def make_camera(settings: Settings) -> CameraKit:
    index = settings.camera_index

    def make_source() -> object:
        from devices.camera.capture import OpenCvCamera

        return OpenCvCamera(index=index)

    return CameraKit(make_source=make_source, decoder=DecoderOnFirstUse())


class UnusablePrinter:
    """Stands in for a printer whose setting is wrong: every job reports why, sales go on."""

    def __init__(self, error: PosError) -> None:
        self.error = error

    def print_receipt(self, receipt: Receipt) -> None:
        raise self.error

    def open_drawer(self) -> None:
        raise self.error

    def print_gift_slip(self, slip: GiftSlip) -> None:
        raise self.error

    def print_return_slip(self, slip: ReturnSlip) -> None:
        raise self.error

    def print_shift_slip(self, report: ShiftReport, language: str) -> None:
        raise self.error

    def print_cash_slip(self, slip: CashSlip) -> None:
        raise self.error


def open_printer(settings: Settings) -> ReceiptPrinterPort:
    from devices.printer.printer import ReceiptPrinter

    try:
        return ReceiptPrinter(settings.printer_url, columns=settings.printer_columns)
    except PosError as exc:
        log.warning("printer setting unusable: %s", exc.code)
        return UnusablePrinter(exc)


class PrinterOnFirstUse:
    """The receipt printer, opened on its first job (python-escpos and its USB, serial and
    image libraries: ~0.15 s of imports the till's start does not wait for, issue 15). Every
    attribute is the real printer's (or the UnusablePrinter's, when the setting is wrong)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._real: ReceiptPrinterPort | None = None
        self._lock = threading.Lock()

    def opened(self) -> ReceiptPrinterPort:
        with self._lock:
            if self._real is None:
                self._real = open_printer(self._settings)
            return self._real

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.opened(), name)


def make_printer(settings: Settings) -> ReceiptPrinterPort:
    return PrinterOnFirstUse(settings)  # type: ignore[return-value]


def check_device_settings(settings: Settings) -> None:
    """Refuse a printer URL, paper width or scanner port that cannot work, before saving."""
    from devices.printer.printer import ReceiptPrinter
    from devices.scanner.serial_reader import parse_port

    ReceiptPrinter(settings.printer_url, columns=settings.printer_columns)
    if settings.scanner.serial_port.strip():
        parse_port(settings.scanner.serial_port)


def make_preview(settings: Settings) -> Callable[[Receipt], list[str]]:
    """Receipt -> the text lines the printer would put on paper (same bytes, read back).
    The renderer is imported on the first preview, not at the till's start."""
    columns = settings.printer_columns

    def preview(receipt: Receipt) -> list[str]:
        from devices.printer.escpos_render import render_receipt
        from devices.printer.virtual import render_text

        return render_text(render_receipt(receipt, columns), columns)

    return preview


def virtual_printer_feed(settings: Settings) -> PrinterFeed | None:
    """For `virtual:` printers: subscribe(listener(lines)) -> unsubscribe, else None."""
    if not settings.printer_url.startswith("virtual:"):
        return None
    from devices.printer.virtual import get_virtual_printer, render_text

    printer = get_virtual_printer(settings.printer_url.partition(":")[2].lstrip("/"))
    columns = settings.printer_columns

    def subscribe(listener: Callable[[list[str]], None]) -> Callable[[], None]:
        return printer.subscribe(lambda data: listener(render_text(data, columns)))

    return subscribe


def build(data_dir: Path | None = None, demo: bool = False,
          demo_history: bool = False) -> Container:
    """Open (and for the demo, seed) the store in `data_dir` and wire every service.
    `demo_history` (what `shopfloor --demo` asks) gives a new demo its members and past
    month of trading; tests build the bare demo, whose figures they count on."""
    data_dir = data_dir or (default_data_dir() / ("demo" if demo else "store"))
    data_dir.mkdir(parents=True, exist_ok=True)
    settings_service = SettingsService(data_dir / "settings.json")
    settings = settings_service.settings
    engine = open_database(data_dir / "terminal.db")
    demo_staff: list[tuple[str, str, str, str]] = []
    demo_barcodes: list[str] = []
    if demo:
        from pos_app.services.demo_seed import seed_demo

        info = seed_demo(engine, settings.store_code, settings.store_name, settings.terminal_code,
                         history=demo_history)  # members and a month of sales, when new
        demo_staff = [tuple(s) for s in info.staff]  # type: ignore[misc]
        demo_barcodes = list(info.sample_barcodes)
    terminal = TerminalSetupService(engine).current()
    if terminal is None:
        engine.dispose()
        raise PosError("terminal_not_set_up")
    printer = make_printer(settings)
    services = TillServices.build(engine, terminal, printer)
    settings_service.set_hq_member_days(HqSettings(engine, terminal.store_code).member_days)
    services.pricing.member_days = lambda: settings_service.member_days()[0]
    services.shifts.policy_source = lambda: ShiftPolicy.of(settings_service.settings)
    receipts = services.receipts
    till = Till(services)
    settings_service.set_audit(  # settings_changed audit rows name who was signed in
        engine, lambda: till.session.staff.id if till.session.staff else None)
    till.discounts.limits = lambda: DiscountLimits(  # the cashier's limits, read at each ask
        settings_service.settings.discount_limit_bp, settings_service.settings.discount_limit_fen)
    sync = SyncService(engine)
    container = Container(
        data_dir=data_dir,
        engine=engine,
        settings=settings_service,
        till=till,
        receipts=receipts,
        printer=printer,
        demo_staff=demo_staff,
        demo_barcodes=demo_barcodes,
        render_preview=make_preview(settings),
        printer_feed=virtual_printer_feed(settings),
        is_demo=demo,
        sync=sync,
        camera=make_camera(settings),
        changes=services.changes,  # the bus the pricing listens on too
    )
    # whatever queued an event for HQ (a sale, a return, an enrolment, a shift): sync soon
    container.changes.subscribe({"outbox"}, lambda _changes: sync.nudge())

    def _apply(new: Settings) -> None:
        container.printer = make_printer(new)
        container.render_preview = make_preview(new)
        container.printer_feed = virtual_printer_feed(new)
        container.camera = make_camera(new)
        receipts.set_printer(container.printer)
        receipts.set_language(new.receipt_language)  # the store's, not the cashier's screen
        for listener in container.on_settings_applied:
            listener(new)

    settings_service.set_on_applied(_apply)
    settings_service.set_check(check_device_settings)
    settings_service.apply()
    return container


def _has_screen() -> bool:
    import os

    return os.name == "nt" or any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    )


def _first_run(data_dir: Path) -> str | None:
    """A new till: the pairing dialog decides between HQ and the demo store."""
    engine = open_database(data_dir / "terminal.db")
    try:
        from ui.main import run_first_run

        return run_first_run(SyncService(engine))
    finally:
        engine.dispose()


def run(data_dir: Path | None = None, demo: bool = False, language: str | None = None) -> int:
    if language:
        from pos_app import i18n

        i18n.set_language(language)
    try:
        container = build(data_dir, demo=demo, demo_history=demo)
    except PosError as exc:
        if exc.code != "terminal_not_set_up" or not _has_screen():
            raise
        choice = _first_run(data_dir or default_data_dir() / "store")
        if choice == "demo":
            return run(None, demo=True, language=language)
        if choice != "paired":
            return 1
        container = build(data_dir, demo=demo)
    if language:
        from pos_app import i18n

        i18n.set_language(language)  # this run only; settings keep the saved choice
    from ui.main import run as run_ui  # the UI is the only place Qt is imported

    return run_ui(container)
