"""Optional API keys: with ASSISTANT_API_KEYS set, /api and /v1 need a bearer key; / a sign-in."""

from __future__ import annotations

import pytest

from tests.api.conftest import KEYS
from tests.conftest import Q_ALLOCATED

pytestmark = pytest.mark.slow
GUARDED = [("GET", "/api/documents", None), ("GET", "/api/health", None),
           ("POST", "/api/ask", {"question": Q_ALLOCATED}),
           ("POST", "/api/ask/stream", {"question": Q_ALLOCATED}),
           ("POST", "/api/search", {"query": "kursdagar"}),
           ("GET", "/v1/models", None),
           ("POST", "/v1/chat/completions",
            {"model": "rapportassistenten", "messages": [{"role": "user", "content": "Hej"}]})]


@pytest.mark.parametrize("method, path, body", GUARDED)
@pytest.mark.parametrize("header", [None, "Bearer wrong-key", "Basic Zmlyc3Qta2V5", "Bearer "])
def test_requests_without_a_valid_key_get_401_with_our_error_body(keyed, method, path, body,
                                                                 header):
    headers = {"Authorization": header} if header else {}
    res = keyed.request(method, path, json=body, headers=headers)
    assert res.status_code == 401, res.text
    assert res.headers["www-authenticate"] == "Bearer"
    error = res.json()["error"]
    assert error["code"] == "unauthorized" and "Authorization: Bearer" in error["message"]


def test_a_bad_body_without_a_key_is_still_401(keyed):
    assert keyed.post("/api/ask", json={"question": ""}).status_code == 401


@pytest.mark.parametrize("key", KEYS)
def test_either_configured_key_opens_the_api(keyed, key):
    auth = {"Authorization": f"Bearer {key}"}
    assert keyed.get("/api/documents", headers=auth).status_code == 200
    assert keyed.get("/v1/models", headers=auth).status_code == 200
    res = keyed.post("/api/ask", json={"question": Q_ALLOCATED}, headers=auth)
    assert res.status_code == 200 and res.json()["answer"]
    # with a key, bad input is judged on its merits again
    assert keyed.post("/api/ask", json={"question": " "}, headers=auth).status_code == 422


def test_the_chat_ui_needs_a_sign_in(keyed):
    res = keyed.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"


def test_without_keys_the_api_is_open(client):
    assert client.get("/api/documents").status_code == 200
    assert client.get("/v1/models").status_code == 200
