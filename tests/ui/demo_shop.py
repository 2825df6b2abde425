"""The demo store with its cashier signed in on an open shift, for tests that drive a dialog
over the real services (SQLite file, its own virtual printer) without the main window."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

from pos_app.app import build
from pos_app.services.container import Container
from pos_app.services.settings import Settings, save_settings


def signed_in_demo(tmp_path: Path) -> Iterator[Container]:
    """The demo store in English under `tmp_path`/demo, the cashier 1001 signed in with a
    shift open; its engine closed once the test is done. For a fixture's `yield from`."""
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url=f"virtual:shop-{uuid.uuid4().hex[:8]}"))
    container = build(data_dir, demo=True)
    container.till.sign_in("1001", "1111")
    if container.till.shift is None:
        container.till.open_shift(20000)
    yield container
    container.engine.dispose()
