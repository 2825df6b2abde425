"""A cashier finds a member by name with real X key events while a first download's name
index is still being built (issue 15): the look-up says name search is partial, searches
off the GUI thread once typing pauses, and ↓/Enter pick the member, who is on the sale.

The store: the demo with two members indexed, then the index marked pending (as a first
download's first members page marks it) and 100,000 members above the mark, unindexed."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

import pytest

from local_db import member_bulk_index
from local_db.uow import write_session
from pos_app.app import build
from pos_app.services.members import MemberService
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import open_shift, rows, running_app, x  # noqa: F401 - x: a fixture
from tests.e2e.xserver import XServer, wait_for

COLA = "6901234567892"  # ¥3.50 in the demo catalog
UNINDEXED = 100_000
pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, str]:
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-member-search",
                           scanner=ScannerSettings(max_gap_ms=80)))
    container = build(data_dir, demo=True)
    manager = next(s for s in container.till.staff_list() if s.is_manager)
    service = MemberService(container.engine, container.till.terminal)
    service.enroll("王芳", "13800000001", manager, consent=True)
    wei = service.enroll("王伟", "13800000002", manager, consent=True)
    with write_session(container.engine) as session:
        member_bulk_index.begin_bulk(session.connection())
    container.engine.dispose()
    rng = random.Random(15)
    names = ["".join(rng.choice("赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华")
                     for _ in range(3)) for _ in range(UNINDEXED)]
    conn = sqlite3.connect(data_dir / "terminal.db")
    with conn:
        conn.executemany(
            "INSERT INTO member (id, name, gender, tier, tags, consent, marketing_consent,"
            " points_balance, points_debt, provisional, created_at, updated_at) VALUES"
            " (?, ?, '', 'regular', '[]', 1, 0, 0, 0, 0, '2026-12-01', '2026-12-01')",
            [(f"bulk-{n:06d}", name) for n, name in enumerate(names)])
    conn.close()
    return data_dir, wei.id


def test_a_name_typed_by_real_keys_while_the_index_is_built_picks_the_member(
        x: XServer, store, tmp_path: Path) -> None:  # noqa: F811 - x: the fixture
    data_dir, wei_id = store
    db = data_dir / "terminal.db"
    with running_app(x, data_dir, tmp_path / "app.log", "--demo") as app:
        open_shift(x, db)
        x.scan(COLA)
        x.key("F11")
        x.window_titled("^Member$", timeout=30)
        x.human("wang")  # a person's pace: a search once typing pauses, each off the GUI
        time.sleep(1.5)  # a person reads the list
        x.screenshot(tmp_path / "member-search.png")
        x.key("Down")  # the second of the two found (the list is ordered as the index)
        x.key("Return")
        x.key("F12")
        x.window_titled("^Payment$|^Pay", timeout=30)
        x.key("Return")  # the amount due, in cash
        sale = wait_for(lambda: rows(db, "SELECT member_id FROM sale"), timeout=30,
                        what="the sale to be written")
        assert app.poll() is None, "the app died"
    assert sale == [(wei_id,)]
    assert rows(db, "SELECT count(*) FROM sync_state WHERE stream = 'member_index'") == [(1,)]
