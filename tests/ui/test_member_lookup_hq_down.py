"""F11 on a paired till whose HQ is down (finding 24-2): a phone not on this till says it is
not found here and HQ cannot be asked now (try again or enroll), never that a sale was saved
and never the raw exception text, which goes to the log. Real demo store paired with an
address nothing listens on, real Qt widgets offscreen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from local_db.models import HqLink
from local_db.uow import write_session
from tests.sync.hq_process import free_port
from tests.ui.demo_shop import signed_in_demo
from ui.dialogs.member_lookup import MemberLookupDialog
from ui.tasks import pending_tasks


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def test_hq_down_says_look_up_words_without_raw_text(shop, qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    with write_session(shop.engine) as session:  # paired with an HQ nothing answers for
        session.add(HqLink(hq_url=f"http://127.0.0.1:{free_port()}", device_id="d", token="t"))
    dialog = MemberLookupDialog(shop.till)
    qtbot.addWidget(dialog)
    dialog.show()
    with caplog.at_level(logging.WARNING, logger="ui.dialogs.member_lookup"):
        dialog.query.setText("13999990000")
        dialog.enter()
        qtbot.waitUntil(lambda: pending_tasks() == 0 and dialog._asking is None, timeout=20_000)
    text = dialog.message.text()
    assert "HQ cannot be asked right now" in text
    assert "enroll" in text
    assert "Sales are kept" not in text and "Connect" not in text and "Errno" not in text
    assert any("HQ could not be asked" in r.getMessage() for r in caplog.records)
