"""Pairing: trade a one-time enrollment code for a device token and HQ's store/terminal ids.

The order matters. We refuse before calling HQ when this database already has an identity
(the code is one-time; burning it on a terminal we then refuse would need a new code). After
HQ answers, the token and the store/terminal rows are written in ONE transaction, so a crash
leaves either a paired terminal or an untouched one. An answer lost on the way is asked for
again with the attempt's nonce (`_register`), which HQ answers the same way. The first full
pull (catalogue, staff) is the caller's next step: `sync_once`, or the worker's first round.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models import HqLink
from local_db.uow import read_session
from pos_app.errors import PosError
from pos_app.services.context import TerminalInfo
from pos_app.services.continuity import continue_numbers
from pos_app.services.terminal_setup import TerminalSetupService, refuse_if_identified
from sync.client import HqClient
from sync.contract.registration import RegisterResponse
from sync.link import keep_pepper, keep_token
from sync.tls import normalise_pin


def _refuse_if_identified(engine: Engine) -> None:
    with read_session(engine) as session:
        link = session.get(HqLink, 1)
        if link is not None:
            raise PosError("already_paired", url=link.hq_url)
        refuse_if_identified(session)


REGISTER_ATTEMPTS = 5
"""Tries per pairing when HQ's answer does not arrive: on a link losing 30 % of answers,
five tries all lost is about 1 pairing in 400; a dead HQ costs the operator a few more seconds."""
RETRY_PAUSE_S = 0.2  # times the attempt number: a blip passes, the operator barely waits
RETRY_WITHIN_S = 60.0  # no new try after this: an HQ that never answers is not waited on 5×30 s
_ANSWER_LOST = frozenset({"hq_unreachable", "hq_error"})  # timeouts, resets, HQ's 5xx


def _register(client: HqClient, code: str, device_name: str) -> RegisterResponse:
    """HQ's registration, asked again with the same nonce when its answer is lost.

    The nonce is this attempt's own and is kept for its retries only: HQ answers the same
    code + nonce with the same registration for a short while (hq.registration), so an
    answer lost on the way back does not burn the one-time code. A refusal (4xx) is final."""
    nonce, give_up = secrets.token_urlsafe(32), time.monotonic() + RETRY_WITHIN_S
    for attempt in range(1, REGISTER_ATTEMPTS):
        try:
            return _ask(client, code, device_name, nonce)
        except PosError as exc:
            if exc.code not in _ANSWER_LOST or time.monotonic() > give_up:
                raise
        time.sleep(RETRY_PAUSE_S * attempt)
    return _ask(client, code, device_name, nonce)


def _ask(client: HqClient, code: str, device_name: str, nonce: str) -> RegisterResponse:
    try:
        return client.register(code, device_name, nonce)
    except PosError as exc:
        if exc.code == "hq_unauthorized":
            raise PosError("enrollment_code_invalid") from exc
        raise


def pair_with_hq(
    engine: Engine,
    hq_url: str,
    enrollment_code: str,
    device_name: str,
    make_client: Callable[..., HqClient] = HqClient,
    ca_file: str = "",
    key_pin: str = "",
) -> TerminalInfo:
    """Register with HQ and adopt its identity; PosError on refusal or transport failure.

    `ca_file` (a PEM CA HQ's certificate must chain to) and `key_pin` (SHA-256 of HQ's public
    key) are kept with the pairing and used for every later call."""
    _refuse_if_identified(engine)
    ca_file, key_pin = ca_file.strip(), normalise_pin(key_pin)
    tls = {k: v for k, v in (("ca_file", ca_file), ("key_pin", key_pin)) if v}
    with make_client(hq_url, **tls) as client:
        reply = _register(client, enrollment_code.strip(), device_name)
        url = client.base_url

    token_marker = keep_token(engine, reply.device_token)  # out of the database
    keep_pepper(engine, reply.staff_pepper or "")

    def _store_link(session: Session) -> None:
        session.add(HqLink(
            id=1, hq_url=url, device_id=reply.device_id, token=token_marker,
            paired_at=utcnow(), ca_file=ca_file, key_pin=key_pin,
        ))

    def _adopt(session: Session) -> None:
        _store_link(session)  # and the numbers continue after what HQ holds of this terminal
        continue_numbers(session, reply.terminal_id, reply.high_water)

    return TerminalSetupService(engine).adopt_identity(
        store_id=reply.store_id, store_code=reply.store_code, store_name=reply.store_name,
        terminal_id=reply.terminal_id, terminal_code=reply.terminal_code,
        address=reply.store_address, also=_adopt,
    )


def continued_receipts(engine: Engine, terminal: TerminalInfo) -> str:
    """The last receipt number HQ already held for the terminal just paired ('' for a
    terminal never used): the pairing dialog says receipts continue after it."""
    from sqlalchemy import text

    with read_session(engine) as session:
        seq = session.connection().execute(text("SELECT value FROM sequence WHERE name = :n"),
                                           {"n": f"receipt:{terminal.terminal_id}"}).scalar()
    if not seq:
        return ""
    from pos_app.services.checkout import receipt_number

    return receipt_number(terminal.store_code, terminal.terminal_code, int(seq))
