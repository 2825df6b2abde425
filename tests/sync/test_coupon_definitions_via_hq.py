"""The `coupon_definitions` stream over real HTTP: a definition HQ makes for a store reaches
that store's till (its offline policy read by campaign ref and kind, a gift's by its gift
ref too), not another store's; a full re-pull keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from local_db.coupon_definitions import offline_policy
from local_db.uow import read_session
from pos_app.domain.coupons import campaign_ref, gift_ref
from tests.hq.coupons.world import campaign_with_key, definition
from tests.hq.server import HQServer
from tests.sync.hq_world import paired_till
from tests.sync.test_members_via_hq import sync


def test_definitions_reach_their_stores_tills(hq: HQServer, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch):
    here = paired_till(hq, tmp_path, "T01")
    hq.ensure_terminal("S02", "T01")
    campaign_with_key(hq, monkeypatch)
    definition(hq, "amount_off", stores=("S01",), offline="allow_under", offline_under=5000)
    definition(hq, "gift", offline="allow")  # every store
    definition(hq, "percent_off", value=10, stores=("S02",), offline="allow")
    sync(here)
    ref = campaign_ref("c-gift")
    with read_session(here.engine) as session:
        assert offline_policy(session, ref, "amount_off") == ("allow_under", 5000)
        assert offline_policy(session, ref, "gift", gift_ref("GIFT-MUG")) == ("allow", 0)
        assert offline_policy(session, ref, "gift", gift_ref("OTHER")) is None
        assert offline_policy(session, ref, "percent_off") is None  # S02's only
