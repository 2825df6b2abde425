"""FastAPI app factory for the reference HQ: migrate, then serve the sync API under /v1.

OpenAPI is served at /openapi.json and /docs; the schema is what the fuzz tests drive.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from hq.db import open_database
from hq.routes import changes, devices, events, members
from sync.dto import API_PREFIX


def create_app(database_url: str | None = None) -> FastAPI:
    """`database_url` or $DATABASE_URL or ./hq.db; the schema is migrated before serving."""
    engine = open_database(database_url)
    app = FastAPI(
        title="Shopfloor HQ",
        version="1",
        description="Reference HQ for Shopfloor POS terminals (docs/sync.md).",
    )
    app.state.engine = engine
    app.include_router(devices.router, prefix=API_PREFIX, tags=["devices"])
    app.include_router(events.router, prefix=API_PREFIX, tags=["sync"])
    app.include_router(changes.router, prefix=API_PREFIX, tags=["sync"])
    app.include_router(members.router, prefix=API_PREFIX, tags=["members"])

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        """Locked or unreachable database, deadlock: transient, so 503 and the terminal
        retries with backoff (nothing was committed)."""
        return JSONResponse(status_code=503, content={"detail": "database busy, retry"})

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
