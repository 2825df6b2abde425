"""`shopfloor self-test` against a real HQ over HTTP: reachable, token valid, clock; a
revoked device and an HQ that is down fail with the reason."""

from __future__ import annotations

import json

from hq import admin
from local_db.database import open_database
from pos_app.cli import main as cli_main
from pos_app.services.pairing import pair_with_hq
from sync.link import hq_link
from tests.sync.hq_world import seed_hq


def _checks(capsys, data_dir) -> tuple[int, dict[str, dict]]:
    code = cli_main(["--data-dir", str(data_dir), "self-test", "--json"])
    return code, {c["check"]: c for c in map(json.loads, capsys.readouterr().out.splitlines())}


def test_self_test_checks_hq_token_and_clock(hq, tmp_path, capsys):
    seed_hq(hq, tmp_path)
    engine = open_database(tmp_path / "terminal.db")
    pair_with_hq(engine, hq.url, hq.enroll("S01", "T01"), "till")
    device_id = hq_link(engine).device_id
    engine.dispose()

    code, checks = _checks(capsys, tmp_path)
    assert checks["hq.reachable"]["status"] == "ok"
    assert checks["hq.token"]["status"] == "ok"
    clock = checks["hq.clock"]
    assert clock["status"] == "ok" and "s off HQ's clock" in clock["reason"]
    assert code == 0

    admin.revoke_device(hq.engine, device_id)
    code, checks = _checks(capsys, tmp_path)
    assert code == 1 and checks["hq.token"]["status"] == "fail"


def test_self_test_says_when_hq_cannot_be_reached(hq, tmp_path, capsys):
    seed_hq(hq, tmp_path)
    engine = open_database(tmp_path / "terminal.db")
    pair_with_hq(engine, hq.url, hq.enroll("S01", "T01"), "till")
    with engine.begin() as conn:  # HQ moved away: nothing listens at the paired address
        from sqlalchemy import text

        conn.execute(text("UPDATE hq_link SET hq_url = 'http://127.0.0.1:9'"))
    engine.dispose()
    code, checks = _checks(capsys, tmp_path)
    assert code == 1
    assert checks["hq.reachable"]["status"] == "fail"
    assert "127.0.0.1:9" in checks["hq.reachable"]["reason"]
