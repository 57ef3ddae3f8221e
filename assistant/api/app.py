"""The app factory: API routes plus the Gradio chat mounted at `/`, in one process."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.api import openai_compat, routes
from assistant.api.auth import require_api_key
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
    app = FastAPI(
        title="Rapportassistenten",
        description="Frågor och svar med källhänvisningar om svenska offentliga rapporter.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.components = components
    app.state.service = components.service
    # Keys guard /api and /v1 only: the chat at / calls the service in-process.
    for router in (routes.router, openai_compat.router):
        app.include_router(router, dependencies=[Depends(require_api_key)])

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
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in errors
        )
        return JSONResponse(
            status_code=422,
            content={"error": {"code": "invalid_request", "message": message},
                     "detail": [{k: e[k] for k in ("loc", "msg", "type")} for e in errors]},
        )

    if ui is not None:
        app = ui(app, components.service, settings.data_dir)
    return app
