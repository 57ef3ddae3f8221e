"""The app factory: API routes plus the Gradio chat mounted at `/`, in one process."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from assistant.api import login, openai_compat, routes
from assistant.api.auth import Gate, KeyChecker, require_api_key
from assistant.api.limits import Limits
from assistant.errors import AssistantError
from assistant.service import AssistantService
from assistant.settings import Settings, load_settings
from assistant.wiring import Components

# Mounts a front end (the Gradio chat of ui/) on the app; given by the composition root.
MountUI = Callable[[FastAPI, AssistantService, Path], FastAPI]


def create_app(
    settings: Settings | None = None,
    *,
    components: Components | None = None,
    ui: MountUI | None = None,
) -> FastAPI:
    """Build the app from settings (read from the environment when not given).

    `components` reuses already built components (tests, benchmarks); `settings` still decides
    the app's own behaviour (API keys). `ui` mounts the chat at `/` (`ui.chat.mount_ui`, passed
    in by the composition root, assistant.cli); without it the app serves the API only.
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = settings or load_settings()
    components = components or Components(settings)
    docs = settings.docs_enabled
    app = FastAPI(
        title="Rapportassistenten",
        description="Frågor och svar med källhänvisningar om svenska offentliga rapporter.",
        version="0.1.0",
        docs_url="/docs" if docs else None, redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings
    app.state.components = components
    app.state.service = components.service
    checker = KeyChecker(settings.api_key_list, settings.ui_user_list, settings.session_hours)
    app.state.keys = checker
    # /api and /v1 check the bearer key per route; the Gate guards everything else.
    for router in (routes.router, openai_compat.router):
        app.include_router(router, dependencies=[Depends(require_api_key)])
    app.include_router(login.router)
    # Always configured, so Gradio adds no CORS of its own: no origins unless listed.
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origin_list,
                       allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(Gate, checker=checker)
    app.add_middleware(Limits, max_bytes=settings.max_body_kb * 1024)

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"error": {"code": exc.code, "message": str(exc)}},
            headers={"WWW-Authenticate": "Bearer"} if exc.status == 401 else None,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        message = "; ".join(
            f"{'.'.join(_part(p) for p in e['loc'] if p != 'body')}: {e['msg']}"
            for e in errors[:10]
        )
        detail = [{"loc": [_part(p) for p in e["loc"]], "msg": e["msg"], "type": e["type"]}
                  for e in errors[:10]]
        return JSONResponse(
            status_code=422,
            content={"error": {"code": "invalid_request", "message": message},
                     "detail": detail},
        )

    if ui is not None:
        app = ui(app, components.service, settings.data_dir)
    return app


def _part(part: object) -> str:
    """One step of an error's location (a field name, an index, a dict key), cut short."""
    text = str(part)
    return text if len(text) <= 60 else f"{text[:60]}… ({len(text)} characters)"
