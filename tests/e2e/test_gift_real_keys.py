"""The guide's gift redemption in the real app on a real X server (1366×768), by real X key
events at scanner speed: the demo's gift coupon scanned at the sale field opens the gift
screen, the gift unit's code hands the gift over (the unit gifted, the redemption written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.services.demo_coupon import demo_gift_code
from tests.e2e.test_real_keys import app, store, x  # noqa: F401  (fixtures)
from tests.e2e.till_steps import open_shift, rows
from tests.e2e.xserver import XServer, wait_for

pytestmark = pytest.mark.timeout(300)
GIFT_UNIT = "(01)06966772000102(21)DEMO003"


def test_a_guide_hands_over_the_demo_gift_by_real_scanner_keys(
        x: XServer, app, store, tmp_path: Path):  # noqa: F811
    data_dir, _member = store
    db = data_dir / "terminal.db"
    open_shift(x, db, "2001", "2222")  # 王芳, guide
    x.scan(demo_gift_code())
    x.window_titled("^Gift redemption$", timeout=30)
    x.screenshot(tmp_path / "gift-coupon.png")
    x.scan(GIFT_UNIT)
    wait_for(lambda: rows(db, "SELECT unit_key FROM coupon_redemption"), timeout=30,
             what="the gift redemption to be written")
    assert rows(db, "SELECT state FROM unit WHERE unit_key = ?",
                "06966772000102:DEMO003") == [("gifted",)]
    x.screenshot(tmp_path / "gift-given.png")
    x.key("Escape")
    assert app.poll() is None, "the app died"
