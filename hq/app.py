"""FastAPI app factory for the reference HQ: migrate, then serve the sync API under /v1.

OpenAPI (/openapi.json, /docs) only with `dev=True` (`serve --dev`): a map of the API is
for developers, not for whoever can reach HQ; the fuzz tests turn it on. Requests pass
hq.limits first: the per-device rate, then the body-size limit (both before any parsing).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from hq.audit import api as audit_api
from hq.coupons import api as coupons_api
from hq.db import open_database
from hq.kpis import api as kpis_api
from hq.limits import BodyLimit, Bucket, DeviceRate, FairGate, HqLimits
from hq.promotions import api as promotions_api
from hq.promotions import roi_api
from hq.returns import api as returns_api
from hq.routes import changes, continuity, devices, events, members
from sync.contract.envelope import API_PREFIX


def create_app(
    database_url: str | None = None, dev: bool = False, limits: HqLimits | None = None
) -> FastAPI:
    """`database_url` or $DATABASE_URL or ./hq.db; the schema is migrated before serving."""
    engine = open_database(database_url)
    limits = limits or HqLimits()
    app = FastAPI(
        title="Shopfloor HQ",
        version="1",
        description="Reference HQ for Shopfloor POS terminals (docs/sync.md).",
        openapi_url="/openapi.json" if dev else None,
        docs_url="/docs" if dev else None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.limits = limits
    app.state.write_gate = FairGate()
    app.state.register_ip = Bucket(limits.register_failures_per_ip, limits.register_ip_refill_s)
    app.state.register_all = Bucket(limits.register_failures_global,
                                    limits.register_global_refill_s)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(DeviceRate, limits=limits)  # outermost: a flood is turned away first
    app.include_router(devices.router, prefix=API_PREFIX, tags=["devices"])
    app.include_router(events.router, prefix=API_PREFIX, tags=["sync"])
    app.include_router(changes.router, prefix=API_PREFIX, tags=["sync"])
    app.include_router(members.router, prefix=API_PREFIX, tags=["members"])
    app.include_router(continuity.router, prefix=API_PREFIX, tags=["devices"])
    app.include_router(promotions_api.router, prefix=API_PREFIX, tags=["admin"])
    app.include_router(roi_api.router, prefix=API_PREFIX, tags=["promotions"])
    app.include_router(kpis_api.router, prefix=API_PREFIX, tags=["kpis"])
    app.include_router(coupons_api.router, prefix=API_PREFIX, tags=["coupons"])
    app.include_router(returns_api.router, prefix=API_PREFIX, tags=["returns"])
    app.include_router(audit_api.router, prefix=API_PREFIX, tags=["audit"])

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        """Locked or unreachable database, deadlock: transient, so 503 and the terminal
        retries with backoff (nothing was committed)."""
        return JSONResponse(status_code=503, content={"detail": "database busy, retry"})

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
