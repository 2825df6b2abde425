"""How a service makes its HQ client for a question asked while someone waits at the till
(a coupon, a member, another till's receipt, the store's figures, a campaign's ROI, the
coupon reconciliation): one `ClientFactory` type, and the default factory each service
makes with its own short timeouts.

Short, because the till must answer on its own when HQ is slow: every such call has an
offline answer, and a customer should not wait the sync worker's long timeouts for it.
Tests hand a service a factory of their own (a real HQ on 127.0.0.1, a broken link).
"""

from __future__ import annotations

from collections.abc import Callable

from sync.client import HqClient

ClientFactory = Callable[..., HqClient]  # (hq_url, token, **tls_options)

# HQ did not answer the question, whatever the reason (down, slow, TLS, token, a garbled
# reply): the till says so and carries on; any other PosError is HQ's real answer.
NO_ANSWER_CODES = frozenset({"hq_unreachable", "hq_tls_failed", "hq_error", "hq_busy",
                             "hq_unauthorized", "hq_bad_response"})


def quick_client(read_s: float, connect_s: float) -> ClientFactory:
    """A factory of HQ clients that give up after `connect_s` to connect and `read_s` to
    answer; its TLS options are the pairing's (sync.link.tls_options)."""

    def make(url: str, token: str, **tls: str) -> HqClient:
        return HqClient(url, token, timeout=read_s, connect_timeout=connect_s, **tls)

    return make
