"""The chat's sign-in page: a key (or a name and password of ASSISTANT_UI_USERS) for a session
cookie. Only in use when ASSISTANT_API_KEYS is set; see assistant.api.auth."""

from __future__ import annotations

import asyncio
import html
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.api.auth import COOKIE, KeyChecker, refused

router = APIRouter(include_in_schema=False)
_FAILED_DELAY_S = 0.5  # slows guessing down; a person does not notice

_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Logga in – Rapportassistenten</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem;
       color: #1f2937; }}
label {{ display: block; margin-top: 1rem; font-weight: 600; }}
input {{ width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }}
button {{ margin-top: 1.25rem; padding: .55rem 1.2rem; font-size: 1rem; background: #1d4ed8;
         color: #fff; border: 0; border-radius: .3rem; }}
.error {{ color: #991b1b; background: #fee2e2; padding: .6rem; border-radius: .3rem; }}
</style></head><body>
<h1>Rapportassistenten</h1>
<p>Den här servern kräver inloggning. Ange en API-nyckel, eller namn och lösenord.</p>
{error}
<form method="post" action="/login">
<label for="user">Namn (lämna tomt om du loggar in med en nyckel)</label>
<input id="user" name="user" autocomplete="username">
<label for="secret">Nyckel eller lösenord</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" required>
<button type="submit">Logga in</button>
</form></body></html>"""


def page(error: str = "", status: int = 200) -> HTMLResponse:
    note = f"<p class='error' role='alert'>{html.escape(error)}</p>" if error else ""
    return HTMLResponse(_PAGE.format(error=note), status_code=status,
                        headers={"Cache-Control": "no-store"})


@router.get("/login")
def login_page(request: Request) -> Response:
    if not request.app.state.keys.enabled:
        return RedirectResponse("/", status_code=303)
    return page()


@router.post("/login")
async def login(request: Request) -> Response:
    checker: KeyChecker = request.app.state.keys
    if not checker.enabled:
        return RedirectResponse("/", status_code=303)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    user = (form.get("user") or [""])[0]
    secret = (form.get("secret") or [""])[0]
    ok = checker.valid_user(user, secret) if user.strip() else checker.valid_key(secret)
    if not ok:
        refused("/login", request.scope.get("client"),
                "wrong name or password" if user.strip() else "wrong key")
        await asyncio.sleep(_FAILED_DELAY_S)
        return page("Fel nyckel, eller fel namn eller lösenord. Försök igen.", 401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, checker.new_session(), max_age=checker.session_seconds,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
