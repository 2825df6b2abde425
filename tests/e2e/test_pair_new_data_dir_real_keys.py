"""What the README says of pairing (tester 25 #5), done as written: the demo's store file is
never paired (refused before HQ is asked, so the one-time code is not spent), and
`shopfloor --data-dir <a new dir>` opens the first-run dialog where the same code, typed by
real X keys from HQ's address on (the keys once started on "Use the demo store"), pairs the
till; its main window then opens and HQ's cashier signs in. The real
`shopfloor` process on a private X server, a real HQ over HTTP on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.app import build
from pos_app.errors import PosError
from pos_app.services.settings import Settings, save_settings
from pos_app.services.sync_service import SyncService
from tests.e2e.till_steps import rows, running_app, sign_in, x  # noqa: F401 (x: fixture)
from tests.e2e.xserver import XServer, wait_for
from tests.hq.server import run_hq_server
from tests.sync.hq_world import seed_hq

pytestmark = pytest.mark.timeout(300)


def test_the_demo_is_never_paired_and_a_new_data_dir_pairs_by_its_first_run_dialog(
        x: XServer, tmp_path: Path):  # noqa: F811 - x: the fixture
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        seed_hq(hq, tmp_path)  # store S01, terminal T01, cashier 1001 / 1111, 3 products
        code = hq.enroll("S01", "T01")

        demo_dir = tmp_path / "demo"
        save_settings(demo_dir / "settings.json", Settings(language="en", printer_url="virtual:"))
        demo = build(demo_dir, demo=True)
        with pytest.raises(PosError) as refused:
            SyncService(demo.engine).pair(hq.url, code, "demo pc")
        assert refused.value.code == "terminal_has_local_identity"
        demo.engine.dispose()

        till_dir = tmp_path / "till1"  # the README's ~/till1: a directory never used
        db = till_dir / "terminal.db"
        with running_app(x, till_dir, tmp_path / "app.log",
                         first_window="^Set up this till$"):
            x.human(hq.url)  # the keys start at HQ's address, its example typed over
            x.key("Tab")
            x.human(code)
            x.key("Return")  # Pair with HQ
            wait_for(lambda: db.exists() and rows(db, "SELECT hq_url FROM hq_link"),
                     timeout=60, what="the pairing")
            assert rows(db, "SELECT hq_url FROM hq_link") == [(hq.url,)]
            assert rows(db, "SELECT s.code, t.code FROM terminal t JOIN store s "
                            "ON s.id = t.store_id WHERE t.is_self") == [("S01", "T01")]
            window = x.window_titled("^Shopfloor POS$", timeout=90)
            x.xdotool("windowfocus", "--sync", window)
            sign_in(x, db, "1001", "1111", what="HQ's cashier to sign in")
