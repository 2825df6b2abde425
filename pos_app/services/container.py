"""What the UI is handed: one running till's services and device kits, built by the
composition root (pos_app.app) and passed to `ui.main.run`.

The type lives here, below the UI, and not in pos_app.app: the root imports the UI to start
it, so a UI that imported its container type from the root would close a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from pos_app.domain.receipt import Receipt
from pos_app.ports import ReceiptPrinterPort
from pos_app.services.changes import ChangeBus
from pos_app.services.receipts import ReceiptService
from pos_app.services.settings import Settings, SettingsService
from pos_app.services.sync_service import SyncService
from pos_app.services.till import Till

PrinterFeed = Callable[[Callable[[list[str]], None]], Callable[[], None]]


@dataclass
class CameraKit:
    """What a camera-scan dialog needs, built by the root so the UI never opens a device."""

    make_source: Callable[[], object]  # -> devices.camera.capture.FrameSource
    decoder: object  # devices.camera.decoder.Decoder


@dataclass
class Container:
    data_dir: Path
    engine: Engine
    settings: SettingsService
    till: Till
    receipts: ReceiptService
    printer: ReceiptPrinterPort
    demo_staff: list[tuple[str, str, str, str]]  # (code, name, role, pin) shown on demo sign-in
    demo_barcodes: list[str]
    render_preview: Callable[[Receipt], list[str]]
    printer_feed: PrinterFeed | None = None
    is_demo: bool = False
    on_settings_applied: list[Callable[[Settings], None]] = field(default_factory=list)
    sync: SyncService | None = None
    camera: CameraKit | None = None
    changes: ChangeBus = field(default_factory=ChangeBus)  # after-commit notices
