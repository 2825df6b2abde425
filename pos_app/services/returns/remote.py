"""Asking HQ about a receipt (GET /v1/returns/receipt): another till's sale of this store,
or what other tills already returned of one of this till's sales.

Short timeouts (a cashier and a customer are waiting). Not paired: no question is asked.
HQ silent: `HqAnswer.error` keeps why, and the loader decides what that means (a sale of
this till is still returned offline, HQ bounds it when it arrives; another till's sale
cannot be: `return_receipt_elsewhere_offline`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine

from pos_app.domain.codes import CodeKind, classify
from pos_app.errors import PosError
from pos_app.services.context import TerminalInfo
from pos_app.services.hq_calls import ClientFactory, quick_client
from pos_app.services.returns.model import full_receipt_no
from sync.contract.returns_api import ReceiptLookupResponse
from sync.link import hq_link, tls_options

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 4.0

_default_client = quick_client(READ_TIMEOUT_S, CONNECT_TIMEOUT_S)


@dataclass(frozen=True)
class HqAnswer:
    asked: bool  # paired, so HQ was asked
    sale: ReceiptLookupResponse | None = None  # HQ's sale (None: not found, or no answer)
    error: PosError | None = None  # HQ did not answer (unreachable, refused otherwise)


def hq_code(code: str, terminal: TerminalInfo) -> str:
    """What to send HQ: the sale's UUID from a receipt QR, else the full receipt number."""
    c = classify(code, "sale")
    if c.kind == CodeKind.RECEIPT and c.sale_id:
        return c.sale_id
    number = c.receipt_no if c.kind == CodeKind.RECEIPT and c.receipt_no else code.strip()
    return full_receipt_no(number, terminal)


class ReceiptLookup:
    def __init__(self, engine: Engine, terminal: TerminalInfo,
                 client_factory: ClientFactory | None = None) -> None:
        self._engine = engine
        self._terminal = terminal
        self._client_factory = client_factory or _default_client

    def paired(self) -> bool:
        return hq_link(self._engine) is not None

    def ask(self, code: str) -> HqAnswer:
        link = hq_link(self._engine)
        if link is None:
            return HqAnswer(asked=False)
        try:
            with self._client_factory(link.hq_url, link.token, **tls_options(link)) as client:
                return HqAnswer(True, client.return_receipt(hq_code(code, self._terminal)))
        except PosError as exc:
            if exc.code == "hq_refused" and exc.params.get("status") == 404:
                return HqAnswer(True)  # HQ answered: no such sale in this store
            log.info("receipt look-up at HQ failed: %s", exc.code)
            return HqAnswer(True, error=exc)
