"""Who may call HQ's admin API (/v1/admin/…): a bearer admin token, never a till's.

A device token proves a till's identity for the sync API only; authoring campaigns is for
HQ staff. HQ keeps no admin secret: SHOPFLOOR_HQ_ADMIN_TOKEN_SHA256 holds the SHA-256 (hex)
of each admin token (comma-separated, so one can be rotated), read at the moment of use like
hq.policy's knobs. Unset, the admin API answers 401 to everyone. Make a token with
`python -c "import secrets; print(secrets.token_urlsafe(32))"` and put its digest
(`printf %s TOKEN | sha256sum`) in the environment of `shopfloor-hq serve`.
"""

from __future__ import annotations

import hmac
import os
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hq.auth import unauthorized
from hq.tokens import sha256_hex

ENV = "SHOPFLOOR_HQ_ADMIN_TOKEN_SHA256"
_bearer = HTTPBearer(auto_error=False, description="An admin token (docs/promotions.md)")


def admin_digests() -> list[str]:
    return [d.strip().lower() for d in os.environ.get(ENV, "").split(",") if d.strip()]


def current_admin(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The digest of the admin token used (for the logs); 401 for anything else."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized("missing admin token")
    digest = sha256_hex(credentials.credentials)
    if not any(hmac.compare_digest(digest, known) for known in admin_digests()):
        raise unauthorized("not an admin token")
    return digest


CurrentAdmin = Annotated[str, Depends(current_admin)]
