"""The FastAPI application factory. Nothing happens at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from industry_brain import migrate
from industry_brain.db import Database
from industry_brain.evaluation.usage import UsageMiddleware
from industry_brain.plugins import plugin_manager
from industry_brain.settings import Settings, prepare_settings
from industry_brain.web.errors import install_error_handlers
from industry_brain.web.middleware import BodyLimitMiddleware, RequestContextMiddleware

STATIC_DIR = Path(__file__).parent / "web" / "static"


class SchemaOutdatedError(RuntimeError):
    """The serving DB is not at the schema revision the code expects."""


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    """Build the application for these settings (read from the environment when omitted)."""
    settings = prepare_settings(settings or Settings())
    database = database or Database.from_settings(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        current, head = migrate.current_revision(database.engine), migrate.head_revision()
        if current != head:
            raise SchemaOutdatedError(
                f"serving DB is at revision {current}, code expects {head}: run `ib db upgrade`"
            )
        yield
        database.dispose()

    app = FastAPI(
        title="产业大脑 Industry Brain API",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    install_error_handlers(app)
    app.include_router(docs_router(app))
    for routers in plugin_manager().hook.ib_routers():
        for router in routers:
            app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(UsageMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(RequestContextMiddleware)
    return app


def docs_router(app: FastAPI) -> APIRouter:
    """Serve Swagger UI from the locally installed swagger-ui-dist (no CDN: works offline)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/api/docs", response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/v1/openapi.json",
            title=f"{app.title} — 接口文档",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    return router
