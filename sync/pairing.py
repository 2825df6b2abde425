"""Pairing, HQ's side of it: trade a one-time enrollment code for a device token and HQ's
store/terminal ids, and keep the link to HQ.

The use case (refuse a till that has an identity, adopt HQ's in one transaction) is
pos_app.services.pairing, which calls `refuse_if_paired`, `register` and `store_link` here.
An answer lost on the way is asked for again with the attempt's nonce (`_register`), which
HQ answers the same way.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models import HqLink
from pos_app.errors import PosError
from sync.client import HqClient
from sync.contract.registration import RegisterResponse
from sync.link import keep_pepper, keep_token
from sync.tls import normalise_pin


def refuse_if_paired(session: Session) -> None:
    """PosError when this database is already paired with an HQ."""
    link = session.get(HqLink, 1)
    if link is not None:
        raise PosError("already_paired", url=link.hq_url)


@dataclass(frozen=True)
class Enrollment:
    """HQ's answer to a registration, with what the link to HQ keeps."""

    reply: RegisterResponse
    hq_url: str  # as the client normalised it
    token_marker: str  # where the device token went (sync.link.keep_token)
    ca_file: str
    key_pin: str


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


def register(
    engine: Engine,
    hq_url: str,
    enrollment_code: str,
    device_name: str,
    make_client: Callable[..., HqClient] = HqClient,
    ca_file: str = "",
    key_pin: str = "",
) -> Enrollment:
    """Register with HQ; the device token and the store's PIN pepper are kept out of the
    database at once (keystore), the rest is for `store_link` in the adopting transaction.
    PosError on refusal or transport failure."""
    ca_file, key_pin = ca_file.strip(), normalise_pin(key_pin)
    tls = {k: v for k, v in (("ca_file", ca_file), ("key_pin", key_pin)) if v}
    with make_client(hq_url, **tls) as client:
        reply = _register(client, enrollment_code.strip(), device_name)
        url = client.base_url
    token_marker = keep_token(engine, reply.device_token)
    keep_pepper(engine, reply.staff_pepper or "")
    return Enrollment(reply, url, token_marker, ca_file, key_pin)


def store_link(session: Session, enrollment: Enrollment) -> None:
    """The link to HQ, inside the transaction that adopts HQ's identity."""
    session.add(HqLink(
        id=1, hq_url=enrollment.hq_url, device_id=enrollment.reply.device_id,
        token=enrollment.token_marker, paired_at=utcnow(), ca_file=enrollment.ca_file,
        key_pin=enrollment.key_pin,
    ))
