"""A lost registration answer no longer burns the enrollment code (issue 14 §5).

Before: HQ spent the code, its answer was lost on the way back, and the till could not pair
without a new code (3 codes in 2 pairings on a link losing 30 % of answers). Now the till
asks again with its attempt's nonce and HQ answers the same registration, through a real
HQ over HTTP behind the fault proxy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hq import models as hm
from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.pairing import pair_with_hq
from sync.client import HqClient
from sync.link import hq_link
from sync.pairing import REGISTER_ATTEMPTS
from tests.hq.server import HQServer
from tests.sync.fault_proxy import FaultProxy


class ScriptedProxy(FaultProxy):
    """The fault proxy with the fates given in order (then `pass`), for an exact story."""

    def __init__(self, upstream_port: int, fates: list[str]) -> None:
        super().__init__(upstream_port)
        self._script = list(fates)

    def _fate(self) -> str:
        with self._lock:
            fate = self._script.pop(0) if self._script else "pass"
            self.counts[fate] += 1
            return fate


def _port(hq: HQServer) -> int:
    return int(hq.url.rsplit(":", 1)[1])


def _hq_devices(hq: HQServer) -> list[tuple[str, str]]:
    dev, term = hm.Device.__table__, hm.Terminal.__table__
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(dev.c.id, term.c.code).join(term, term.c.id == dev.c.terminal_id))]


def _used_codes(hq: HQServer) -> int:
    codes = hm.EnrollmentCode.__table__
    with hq.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(codes)
                            .where(codes.c.used_at.is_not(None))).scalar_one()


def _token_works(hq: HQServer, engine) -> bool:  # type: ignore[no-untyped-def]
    link = hq_link(engine)
    assert link is not None
    with HqClient(hq.url, link.token) as client:
        try:
            client.changes("staff", 0, 10)
        except PosError:
            return False
    return True


def test_a_lost_answer_is_asked_again_and_pairs_with_the_same_code(hq, tmp_path: Path):
    code = hq.enroll("S01", "T01")
    engine = open_database(tmp_path / "till.db")
    with ScriptedProxy(_port(hq), ["drop_response", "reset"]) as proxy:
        info = pair_with_hq(engine, proxy.url, code, "front till")
    assert proxy.counts == {"drop_response": 1, "reset": 1, "pass": 1}  # HQ saw all three
    assert info.terminal_code == "T01"
    link = hq_link(engine)
    assert link is not None and _hq_devices(hq) == [(link.device_id, "T01")]
    assert _used_codes(hq) == 1 and _token_works(hq, engine)


def test_a_stranger_with_the_code_is_refused_while_the_till_is_answered(hq, tmp_path: Path):
    code = hq.enroll("S01", "T01")
    till = open_database(tmp_path / "till.db")
    with ScriptedProxy(_port(hq), ["drop_response"]) as proxy:
        pair_with_hq(till, proxy.url, code, "front till")
    stranger = open_database(tmp_path / "stranger.db")
    with pytest.raises(PosError) as info:
        pair_with_hq(stranger, hq.url, code, "stranger")  # its own nonce: a used code
    assert info.value.code == "enrollment_code_invalid"
    assert hq_link(stranger) is None
    assert len(_hq_devices(hq)) == 1 and _token_works(hq, till)


def test_a_refusal_is_final_not_retried(hq, tmp_path: Path):
    hq.ensure_terminal("S01", "T01")
    engine = open_database(tmp_path / "till.db")
    with ScriptedProxy(_port(hq), []) as proxy, pytest.raises(PosError) as info:
        pair_with_hq(engine, proxy.url, "WRONGWRONGWR", "till")
    assert info.value.code == "enrollment_code_invalid"
    assert sum(proxy.counts.values()) == 1  # one request: a 401 is an answer, not a loss


def test_ten_pairings_on_a_lossy_link_spend_ten_codes(hq, tmp_path: Path):
    lossy = {"pass": 0.7, "drop_response": 0.1, "reset": 0.1, "drop_request": 0.1}
    with FaultProxy(_port(hq), lossy, seed=14) as proxy:
        for n in range(1, 11):
            code = hq.enroll("S01", f"T{n:02d}")
            pair_with_hq(open_database(tmp_path / f"t{n}.db"), proxy.url, code, f"till {n}")
    assert proxy.counts["drop_response"] + proxy.counts["reset"] > 0, proxy.counts
    assert _used_codes(hq) == 10
    assert sorted(code for _, code in _hq_devices(hq)) == [f"T{n:02d}" for n in range(1, 11)]


def test_a_link_that_loses_every_try_gives_up_and_leaves_the_code_good(hq, tmp_path: Path):
    code = hq.enroll("S01", "T01")
    engine = open_database(tmp_path / "till.db")
    lossy = ScriptedProxy(_port(hq), ["drop_request"] * 10)
    with lossy as proxy, pytest.raises(PosError) as info:
        pair_with_hq(engine, proxy.url, code, "till")
    assert info.value.code == "hq_unreachable"
    assert proxy.counts == {"drop_request": REGISTER_ATTEMPTS}
    assert hq_link(engine) is None and _used_codes(hq) == 0
    pair_with_hq(engine, hq.url, code, "till")  # the link is back: the same code pairs
    assert _used_codes(hq) == 1 and _token_works(hq, engine)
