"""The whole store on the manager's dashboard in the real app (issue 19-C), on a real X
server by real X key events: till T01 (in this process) sells and syncs to a real HQ; the
real app is till T02 of the same store, paired with that HQ, where nothing was sold. The
manager signs in by keys, Ctrl+K opens the dashboard, Ctrl+S exports it: the figures are
T01's sale and the override its cashier asked for, as HQ holds the store — and the screen
says so."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hq import admin
from local_db.database import open_database
from pos_app.domain.cart import Cart
from pos_app.domain.permissions import Action
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.pairing import pair_with_hq
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from pos_app.services.till import TillServices
from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.e2e.till_steps import running_app, sign_in, x  # noqa: F401 - x: a fixture
from tests.e2e.xserver import XServer, wait_for
from tests.hq.server import run_hq_server
from tests.services.unit_world import COLA
from tests.sync.hq_world import paired_till, seed_hq

pytestmark = pytest.mark.timeout(300)


def _store_with_two_tills(hq, tmp: Path) -> Path:
    seed_hq(hq, tmp)
    admin.create_staff(hq.engine, "S01", "9001", "张伟", "manager", "9999")
    t01 = paired_till(hq, tmp, "T01")
    cart = Cart()
    t01.scanner.ring(cart, COLA, 3)
    t01.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 1050)], t01.cashier, t01.shift)
    TillServices.build(t01.engine, t01.terminal, None).approvals.approve(  # an override at T01
        Action.REFUND_TO_CASH, t01.cashier, "9001", "9999")  # asked by T01's cashier (19-D)
    with t01.client() as client:
        assert sync_once(t01.engine, client).ok
    data_dir = tmp / "t02"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e",
                           scanner=ScannerSettings(max_gap_ms=80)))
    engine = open_database(data_dir / "terminal.db")
    info = pair_with_hq(engine, hq.url, hq.enroll("S01", "T02"), "till T02")
    link = hq_link(engine)
    assert link is not None
    with HqClient(hq.url, link.token) as client:
        assert sync_once(engine, client).ok
    services = TillServices.build(engine, info, None)
    services.shifts.open_shift(services.auth.sign_in("9001", "9999"), 20000)
    engine.dispose()
    return data_dir


def test_the_dashboard_of_a_till_that_sold_nothing_shows_the_stores_sale(
        x: XServer, tmp_path: Path):  # noqa: F811 - x: the fixture
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        data_dir = _store_with_two_tills(hq, tmp_path)
        home = tmp_path / "home"
        home.mkdir()
        with running_app(x, data_dir, tmp_path / "app.log",
                         env=dict(x.env(), HOME=str(home))) as process:
            db = data_dir / "terminal.db"
            today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
            sign_in(x, db, "9001", "9999", what="the manager's sign-in")
            x.key("ctrl+k")
            x.window_titled(f"^Guide KPIs.*{today.isoformat()}$", timeout=30)
            x.screenshot(tmp_path / "dashboard-whole-store.png")
            x.key("ctrl+s")
            x.window_titled("^Export the figures$", timeout=30)
            x.key("Return")
            exported = home / f"kpis-S01-{today.isoformat()}.csv"
            wait_for(exported.exists, timeout=30, what="the CSV export")
            wait_for(lambda: exported.read_bytes().endswith(b"\r\n"), what="the whole file")
            lines = exported.read_bytes().decode("utf-8-sig").splitlines()
            total = next(line.split(",") for line in lines if line.startswith("Store total"))
            assert total[1:3] == ["10.50", "1"]  # T01's sale: nothing was sold at T02
            header = next(line.split(",") for line in lines if line.startswith("Guide,"))
            assert total[header.index("Overrides")] == "1"  # T01's, as HQ counts them
            x.key("Escape")
            assert process.poll() is None, "the app died"
