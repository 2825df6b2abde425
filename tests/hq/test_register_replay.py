"""Registration answered again (issue 14 §5): the same code and the till's own nonce within
hq.registration.REPLAY_WINDOW get the same registration; anyone else, or later, gets 401.
Runs on SQLite and PostgreSQL (hq_db_url)."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import timedelta

import httpx
from sqlalchemy import Engine, func, select, update

from hq import admin
from hq import models as m
from hq.db import open_database, writer
from hq.registration import REPLAY_WINDOW, register_device
from sync.contract.registration import RegisterRequest, RegisterResponse
from tests.hq.server import HQServer

IDENTITY = ("device_token", "device_id", "store_id", "store_code", "terminal_id",
            "terminal_code", "staff_pepper", "high_water")


def _post(hq: HQServer, code: str, nonce: str | None = None) -> httpx.Response:
    body = {"enrollment_code": code, "device_name": "till"}
    if nonce is not None:
        body["nonce"] = nonce
    return httpx.post(f"{hq.url}/v1/devices/register", json=body, timeout=30)


def _devices(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(m.Device.__table__)).scalar_one()


def _token_works(hq: HQServer, token: str) -> bool:
    with hq.client() as c:
        r = c.get("/v1/changes", params={"stream": "staff"},
                  headers={"Authorization": f"Bearer {token}"})
    return r.status_code == 200


def test_same_code_and_nonce_get_the_same_registration(hq_server: HQServer):
    code, nonce = hq_server.enroll("S01", "T01"), secrets.token_urlsafe(32)
    first, again = _post(hq_server, code, nonce), _post(hq_server, code, nonce)
    assert first.status_code == 200 and again.status_code == 200, again.text
    assert {k: again.json()[k] for k in IDENTITY} == {k: first.json()[k] for k in IDENTITY}
    assert _devices(hq_server.engine) == 1
    assert _token_works(hq_server, again.json()["device_token"])


def test_another_nonce_or_none_is_refused_as_a_used_code(hq_server: HQServer):
    code, nonce = hq_server.enroll(), secrets.token_urlsafe(32)
    first = _post(hq_server, code, nonce)
    assert first.status_code == 200
    assert _post(hq_server, code, secrets.token_urlsafe(32)).status_code == 401  # a stranger
    assert _post(hq_server, code).status_code == 401
    assert _post(hq_server, code, nonce[:-1] + ("A" if nonce[-1] != "A" else "B")).status_code \
        == 401
    assert _devices(hq_server.engine) == 1
    assert _token_works(hq_server, first.json()["device_token"])


def test_a_code_spent_without_a_nonce_is_never_answered_again(hq_server: HQServer):
    code = hq_server.enroll()
    assert _post(hq_server, code).status_code == 200
    assert _post(hq_server, code, secrets.token_urlsafe(32)).status_code == 401
    assert _post(hq_server, code).status_code == 401


def test_after_the_window_the_same_nonce_is_refused_and_the_seal_erased(hq_server: HQServer):
    code, nonce = hq_server.enroll("S01", "T01"), secrets.token_urlsafe(32)
    assert _post(hq_server, code, nonce).status_code == 200
    codes = m.EnrollmentCode.__table__
    with hq_server.engine.begin() as conn:
        conn.execute(update(codes).values(
            used_at=m.utcnow() - REPLAY_WINDOW - timedelta(seconds=5)))
    assert _post(hq_server, code, nonce).status_code == 401
    # The next registration (any code) erases seals past their window.
    assert _post(hq_server, hq_server.enroll("S01", "T02"), secrets.token_urlsafe(32)) \
        .status_code == 200
    with hq_server.engine.connect() as conn:
        rows = conn.execute(select(codes.c.token_sealed, codes.c.used_at)).all()
    assert sorted(r.token_sealed is None for r in rows) == [False, True]


def test_a_device_revoked_in_the_window_is_not_answered_again(hq_server: HQServer):
    code, nonce = hq_server.enroll(), secrets.token_urlsafe(32)
    first = _post(hq_server, code, nonce)
    admin.revoke_device(hq_server.engine, first.json()["device_id"])
    assert _post(hq_server, code, nonce).status_code == 401


def test_hq_keeps_neither_the_token_nor_the_nonce(hq_server: HQServer):
    code, nonce = hq_server.enroll(), secrets.token_urlsafe(32)
    token = _post(hq_server, code, nonce).json()["device_token"]
    with hq_server.engine.connect() as conn:
        row = conn.execute(select(m.EnrollmentCode.__table__)).one()
    stored = " ".join(str(v) for v in row)
    assert token not in stored and nonce not in stored
    assert token.encode().hex() not in stored and nonce.encode().hex() not in stored


def test_a_short_or_odd_nonce_is_422(hq_server: HQServer):
    code = hq_server.enroll()
    for nonce in ("short", "x" * 21, "á" * 30, "n" * 129):
        assert _post(hq_server, code, nonce).status_code == 422, nonce
    assert _post(hq_server, code, secrets.token_urlsafe(32)).status_code == 200


def _race(hq: HQServer, code: str, nonces: list[str]) -> list[httpx.Response]:
    """All requests at once, each on its own connection."""
    start, answers = threading.Barrier(len(nonces)), [None] * len(nonces)

    def go(i: int) -> None:
        start.wait()
        answers[i] = _post(hq, code, nonces[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(nonces))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers  # type: ignore[return-value]


def test_concurrent_copies_of_one_registration_make_one_device(hq_server: HQServer):
    code, nonce = hq_server.enroll(), secrets.token_urlsafe(32)
    answers = _race(hq_server, code, [nonce] * 6)
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
    assert len({(a.json()["device_id"], a.json()["device_token"]) for a in answers}) == 1
    assert _devices(hq_server.engine) == 1
    assert _token_works(hq_server, answers[0].json()["device_token"])


def test_concurrent_strangers_with_one_code_make_one_device(hq_server: HQServer):
    code = hq_server.enroll()
    answers = _race(hq_server, code, [secrets.token_urlsafe(32) for _ in range(6)])
    assert sorted(a.status_code for a in answers) == [200] + [401] * 5
    assert _devices(hq_server.engine) == 1


def test_the_loser_of_a_race_is_answered_from_the_winners_device(hq_db_url: str):
    """Exactly the race: B asks while A's spend is not yet committed. On PostgreSQL B's
    UPDATE waits for A's row lock, then finds the code spent; on SQLite B waits at BEGIN."""
    engine = open_database(hq_db_url)
    try:
        admin.create_store(engine, "S01", "Store S01", "1 Test Road")
        admin.create_terminal(engine, "S01", "T01")
        body = RegisterRequest(enrollment_code=admin.enroll(engine, "S01", "T01").code,
                               device_name="till", nonce=secrets.token_urlsafe(32))
        second: dict[str, RegisterResponse] = {}

        def loser() -> None:
            with writer(engine).begin() as conn:
                second["answer"] = register_device(conn, body)

        with writer(engine).connect() as conn:
            spending = conn.begin()
            first = register_device(conn, body)
            racer = threading.Thread(target=loser)
            racer.start()
            time.sleep(0.5)
            assert racer.is_alive()  # held by the winner's uncommitted spend
            spending.commit()
        racer.join(10)
        assert second["answer"] == first
        assert _devices(engine) == 1
    finally:
        engine.dispose()
