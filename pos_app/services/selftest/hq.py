"""The self-test's HQ lines: reachable, the device token still valid, the clock's skew
against HQ's (a till whose clock is off stamps sales with wrong dates and HQ flags them)."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from pathlib import Path

from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.selftest.check import Check

SKEW_WARN_S, SKEW_FAIL_S = 120, 600  # a till this far off HQ's clock: warn, then fail


def check_hq(db: Path) -> list[Check]:
    label = _("HQ")
    if not db.exists():
        return [Check("hq", label, "warn", _("not checked: there is no store file"))]
    try:
        from local_db.database import open_database
        from sync.link import hq_link

        engine = open_database(db)
    except PosError as exc:
        return [Check("hq", label, "fail", exc.message())]
    try:
        link = hq_link(engine)
    finally:
        engine.dispose()
    if link is None:
        return [Check("hq", label, "ok", _("not paired: this till works stand-alone"))]
    import httpx

    from sync.client import HqClient
    from sync.link import tls_options

    try:
        with HqClient(link.hq_url, link.token, timeout=5, connect_timeout=3,
                      **tls_options(link)) as client:
            started = time.time()
            response = client.health()
            ended = time.time()
    except (PosError, httpx.HTTPError) as exc:
        reason = exc.message() if isinstance(exc, PosError) else str(exc)
        return [Check("hq.reachable", label, "fail", f"{link.hq_url}: {reason}")]
    out = [Check("hq.reachable", label, "ok", _("{url} answers").format(url=link.hq_url))]
    token_label = _("HQ device token")
    try:
        with HqClient(link.hq_url, link.token, timeout=5, connect_timeout=3,
                      **tls_options(link)) as client:
            client.high_water()
        out.append(Check("hq.token", token_label, "ok", _("accepted by HQ")))
    except PosError as exc:
        status = "fail" if exc.code == "hq_unauthorized" else "warn"
        out.append(Check("hq.token", token_label, status, exc.message()))
    out.append(_skew(response.headers.get("date"), (started + ended) / 2))
    return out


def _skew(date_header: str | None, local: float) -> Check:
    label = _("Clock")
    if not date_header:
        return Check("hq.clock", label, "warn", _("HQ did not send its time"))
    try:
        theirs = parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError):
        return Check("hq.clock", label, "warn", _("HQ's time cannot be read"))
    skew = round(local - theirs)
    status = "fail" if abs(skew) > SKEW_FAIL_S else "warn" if abs(skew) > SKEW_WARN_S else "ok"
    return Check("hq.clock", label, status, _("{s} s off HQ's clock").format(s=skew))
