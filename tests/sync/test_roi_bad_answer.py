"""A till paired with a real HQ asks for its campaign figures and gets a reply it cannot read
(a proxy's login page, a body of another shape): the manager is told, in the UI's language,
that the figures need HQ and why — as for HQ down — not a bare "bad response" code. Real
HTTP on 127.0.0.1 (tests/sync/tiny_http.py answers in place of HQ)."""

from __future__ import annotations

from pathlib import Path

import pytest

from local_db.models import HqLink
from local_db.uow import write_session
from pos_app import i18n
from pos_app.errors import PosError
from pos_app.services.promotions import CampaignRoiService
from tests.hq.server import HQServer
from tests.sync.hq_world import paired_till
from tests.sync.tiny_http import TinyServer


@pytest.mark.parametrize("reply", ["garbage", "shape"])
def test_a_reply_the_till_cannot_read_is_said_as_hq_not_answering(hq: HQServer, tmp_path: Path,
                                                                  reply: str):
    till = paired_till(hq, tmp_path, "T01")
    service = CampaignRoiService(till.engine)
    assert service.report() == []  # HQ itself answers: no campaign ran here
    with TinyServer() as tiny:
        with write_session(till.engine) as session:  # HQ's address now answers nonsense
            session.get(HqLink, 1).hq_url = tiny.url(reply)
        with pytest.raises(PosError) as caught:
            service.report()
        assert tiny.seen and tiny.seen[-1][1].endswith("/v1/promotions/roi")
        i18n.set_language("zh_CN")
        try:
            with pytest.raises(PosError) as in_chinese:
                service.report()
        finally:
            i18n.set_language("en")
    error = caught.value
    assert error.code == "campaign_roi_offline"
    assert error.__cause__.code == "hq_bad_response"
    text = error.message()
    assert "campaign figures cannot be shown now" in text, text
    assert "HQ sent an answer this terminal cannot read" in text, text
    assert "Selling is not affected" in text, text
    assert in_chinese.value.code == "campaign_roi_offline"
    i18n.set_language("zh_CN")
    try:
        chinese = in_chinese.value.message()
    finally:
        i18n.set_language("en")
    assert "本终端无法识别" in chinese and "收银不受影响" in chinese, chinese
