"""Shared fixtures: a real SQLite file per test, a set-up terminal, staff and products."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
_PICKLES = Path(tempfile.gettempdir()) / "shopfloor-escpos-test"
_PICKLES.mkdir(exist_ok=True)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_PICKLES))

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# Property tests judge correctness, not speed (speed lives in bench/): on a busy 2-core CI
# machine a 200 ms per-example deadline fails good code.
hypothesis_settings.register_profile("shopfloor", deadline=None)
hypothesis_settings.load_profile("shopfloor")

from pos_app import i18n  # noqa: E402
from tests.builders import StoreWorld, build_world  # noqa: E402
from tests.engines import dispose_tracked  # noqa: E402


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests read English messages unless they switch to zh_CN themselves."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _secrets_beside_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Device tokens go to the file fallback, never to a developer's real OS keystore
    (tests/security/test_secrets_at_rest.py covers the keystore with a fake one)."""
    monkeypatch.setenv("SHOPFLOOR_SECRETS", "file")


@pytest.fixture(autouse=True)
def _close_helper_engines() -> Iterator[None]:
    """Every file-backed engine the test used is disposed after it (tests/engines.py)."""
    yield
    dispose_tracked()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "terminal.db"


@pytest.fixture
def world(db_path: Path) -> Iterator[StoreWorld]:
    """A seeded store; its engine's SQLite handles are closed after the test, so a whole run
    does not pile up open files (three per WAL database)."""
    built = build_world(db_path)
    yield built
    built.engine.dispose()
