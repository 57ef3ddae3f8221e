"""Keys guard everything (the chat, Gradio's routes, the docs), and every input has a limit."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from gradio_client import Client

from tests.api.conftest import KEYS, app_for, serve
from tests.conftest import Q_ALLOCATED

pytestmark = pytest.mark.slow
HTML = {"Accept": "text/html"}
# Routes outside /api and /v1 that answer or list documents (Gradio's config lists them in the
# filter's choices; its API answers questions).
GRADIO = [("GET", "/config"), ("GET", "/gradio_api/info"), ("GET", "/gradio_api/openapi.json"),
          ("POST", "/gradio_api/call/ask"), ("POST", "/gradio_api/queue/join"),
          ("POST", "/gradio_api/run/ask"), ("GET", "/gradio_api/queue/data"),
          ("GET", "/docs"), ("GET", "/openapi.json"), ("GET", "/")]


@pytest.mark.parametrize("method, path", GRADIO)
def test_with_keys_nothing_outside_the_api_answers_without_signing_in(keyed, method, path):
    res = keyed.request(method, path, json={"data": [Q_ALLOCATED]} if method == "POST" else None,
                        follow_redirects=False)
    assert res.status_code == 401, (path, res.status_code, res.text[:300])
    assert "kompetens" not in res.text.lower() and "Socialstyrelsen" not in res.text
    assert res.json()["error"]["code"] == "unauthorized"


def test_a_browser_is_sent_to_the_sign_in_page(keyed):
    res = keyed.get("/", headers=HTML, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"
    page = keyed.get("/login")
    assert page.status_code == 200 and "Logga in" in page.text and "<form" in page.text


def test_a_wrong_key_is_refused_and_logged_without_the_key(keyed, caplog):
    with caplog.at_level(logging.WARNING, logger="assistant.auth"):
        res = keyed.post("/login", data={"secret": "not-a-key-123"}, follow_redirects=False)
        keyed.get("/api/documents", headers={"Authorization": "Bearer wrong-key-456"})
    assert res.status_code == 401 and "Fel nyckel" in res.text
    assert "ra_session" not in res.headers.get("set-cookie", "")
    logged = caplog.text
    assert "refused /login" in logged and "refused /api/documents" in logged
    assert "not-a-key-123" not in logged and "wrong-key-456" not in logged


def test_signing_in_with_a_key_opens_the_chat_and_its_config(indexed):
    from fastapi.testclient import TestClient

    with TestClient(app_for(indexed, with_ui=True, api_keys=",".join(KEYS))) as c:
        res = c.post("/login", data={"secret": KEYS[1]}, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"] == "/"
        cookie = res.headers["set-cookie"]
        assert "ra_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert c.get("/", headers=HTML).status_code == 200
        assert c.get("/config").status_code == 200
        c.post("/logout")
        c.cookies.clear()
        assert c.get("/config").status_code == 401


def test_a_forged_or_expired_session_is_refused(keyed):
    for forged in ("9999999999.deadbeef", "1.0", "garbage", ""):
        keyed.cookies.set("ra_session", forged)
        res = keyed.get("/config")
        keyed.cookies.clear()
        assert res.status_code == 401, forged


def test_a_user_and_password_from_settings_sign_in(indexed):
    from fastapi.testclient import TestClient

    app = app_for(indexed, with_ui=True, api_keys=KEYS[0], ui_users="anna:hemligt-ord")
    with TestClient(app) as c:
        bad = c.post("/login", data={"user": "anna", "secret": KEYS[0]}, follow_redirects=False)
        assert bad.status_code == 401  # a key is not anna's password
        ok = c.post("/login", data={"user": "anna", "secret": "hemligt-ord"},
                    follow_redirects=False)
        assert ok.status_code == 303
        assert c.get("/config").status_code == 200


def test_docs_follow_their_setting(indexed):
    from fastapi.testclient import TestClient

    with TestClient(app_for(indexed, api_keys=KEYS[0], api_docs=True)) as c:
        auth = {"Authorization": f"Bearer {KEYS[0]}"}
        assert c.get("/openapi.json").status_code == 401
        assert c.get("/openapi.json", headers=auth).status_code == 200
    with TestClient(app_for(indexed)) as c:  # no keys: open, as before
        assert c.get("/openapi.json").status_code == 200 and c.get("/docs").status_code == 200


def test_gradio_client_cannot_call_the_chat_without_a_key(indexed):
    app = app_for(indexed, with_ui=True, api_keys=",".join(KEYS))
    with serve(app) as url:
        with pytest.raises(Exception) as refused:
            Client(url, verbose=False).predict(Q_ALLOCATED, [], [], [], api_name="/ask")
        assert "428" not in str(refused.value)
        raw = httpx.post(f"{url}/gradio_api/call/ask", json={"data": [Q_ALLOCATED, [], [], []]})
        assert raw.status_code == 401 and "428" not in raw.text
        # with a key, the same client works: the key is what guards it
        client = Client(url, verbose=False, headers={"Authorization": f"Bearer {KEYS[0]}"})
        result = client.predict(Q_ALLOCATED, [], [], [], api_name="/ask")
        assert "428" in json.dumps(result, ensure_ascii=False)


# --- limits on input -------------------------------------------------------------------------
def test_a_body_over_the_limit_is_413_and_says_so(client):
    big = {"question": "x" * 2_000_000}
    res = client.post("/api/ask", json=big)
    assert res.status_code == 413
    error = res.json()["error"]
    assert error["code"] == "payload_too_large" and "ASSISTANT_MAX_BODY_KB" in error["message"]


def test_a_chunked_body_over_the_limit_is_413(indexed):
    app = app_for(indexed, max_body_kb=4)
    with serve(app) as url:
        def parts():
            yield b'{"question": "'
            for _ in range(10):
                yield b"x" * 1024
            yield b'"}'
        res = httpx.post(f"{url}/api/ask", content=parts(),
                         headers={"Content-Type": "application/json"})
        assert res.status_code == 413, res.text
        small = httpx.post(f"{url}/api/ask", json={"question": Q_ALLOCATED})
        assert small.status_code == 200


def test_v1_rejects_a_lone_surrogate_with_422(client):
    body = '{"messages": [{"role": "user", "content": "Hur mycket \\ud800?"}]}'
    for path, raw in (("/v1/chat/completions", body),
                      ("/api/ask", '{"question": "Hur mycket \\udfff?"}')):
        res = client.post(path, content=raw, headers={"Content-Type": "application/json"})
        assert res.status_code == 422, (path, res.text)
        message = res.json()["error"]["message"]
        assert "surrogate" in message or "unicode string" in message, message


def test_an_unknown_document_id_is_not_echoed_whole(client):
    res = client.post("/api/ask", json={"question": Q_ALLOCATED, "documents": ["a" * 500_000]})
    assert res.status_code == 422 and len(res.text) < 600, len(res.text)
    assert "500000 characters" in res.text
    assert len(client.get("/api/documents/" + "b" * 5000).text) < 400


def test_cors_is_off_by_default_and_follows_the_origin_list(client, indexed):
    from fastapi.testclient import TestClient

    for origin in ("http://localhost:3000", "http://127.0.0.1:9999", "https://evil.example"):
        res = client.get("/api/documents", headers={"Origin": origin})
        assert "access-control-allow-origin" not in res.headers
        pre = client.options("/api/ask", headers={"Origin": origin,
                                                  "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in pre.headers
    with TestClient(app_for(indexed, with_ui=True,
                            cors_origins="https://intranet.example")) as c:
        ok = c.get("/api/documents", headers={"Origin": "https://intranet.example"})
        assert ok.headers["access-control-allow-origin"] == "https://intranet.example"
        other = c.get("/config", headers={"Origin": "http://localhost:3000"})
        assert "access-control-allow-origin" not in other.headers


def test_uploads_and_dev_endpoints_are_closed(indexed):
    from fastapi.testclient import TestClient

    with TestClient(app_for(indexed, with_ui=True)) as c:
        up = c.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)})
        assert up.status_code == 404
        assert c.get("/gradio_api/dev/reload").status_code == 404
        assert c.get("/gradio_api/upload_progress").status_code == 404
        assert c.get("/config").status_code == 200  # the chat itself still works
