"""Pairing this till with HQ: trade a one-time enrollment code for HQ's store and terminal
identity, and adopt it.

The use case lives here and calls sync for the conversation with HQ (sync.pairing), so sync
never reaches up into the services. The order matters. We refuse before calling HQ when
this database already has an identity (the code is one-time; burning it on a terminal we
then refuse would need a new code). After HQ answers, the link to HQ, the store/terminal
rows and the continued numbers are written in ONE transaction, so a crash leaves either a
paired terminal or an untouched one. The first full pull (catalogue, staff) is the caller's
next step: `sync_once`, or the worker's first round.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlmodel import Session

from local_db.uow import read_session
from pos_app.services.checkout import receipt_number
from pos_app.services.context import TerminalInfo
from pos_app.services.continuity import continue_numbers
from pos_app.services.terminal_setup import TerminalSetupService, refuse_if_identified
from sync.client import HqClient
from sync.pairing import refuse_if_paired, register, store_link


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
    with read_session(engine) as session:
        refuse_if_paired(session)
        refuse_if_identified(session)
    enrollment = register(engine, hq_url, enrollment_code, device_name, make_client,
                          ca_file=ca_file, key_pin=key_pin)
    reply = enrollment.reply

    def _adopt(session: Session) -> None:
        store_link(session, enrollment)  # and the numbers continue after what HQ holds
        continue_numbers(session, reply.terminal_id, reply.high_water)

    return TerminalSetupService(engine).adopt_identity(
        store_id=reply.store_id, store_code=reply.store_code, store_name=reply.store_name,
        terminal_id=reply.terminal_id, terminal_code=reply.terminal_code,
        address=reply.store_address, also=_adopt,
    )


def continued_receipts(engine: Engine, terminal: TerminalInfo) -> str:
    """The last receipt number HQ already held for the terminal just paired ('' for a
    terminal never used): the pairing dialog says receipts continue after it."""
    with read_session(engine) as session:
        seq = session.connection().execute(text("SELECT value FROM sequence WHERE name = :n"),
                                           {"n": f"receipt:{terminal.terminal_id}"}).scalar()
    if not seq:
        return ""
    return receipt_number(terminal.store_code, terminal.terminal_code, int(seq))
