"""CORS: allowed origins get the headers (preflights need no key), other origins get none."""

import pytest

from genx3d_harness import assert_error

ALLOWED = "https://app.example.com"
OTHER = "https://evil.example.net"


@pytest.fixture(scope="module")
def srv(module_server_factory):
    srv = module_server_factory.make(name="cors", config={
        "server": {"cors_allowed_origins": [ALLOWED]}})
    srv.key = srv.create_key("cors")
    return srv


def preflight(srv, origin, method="POST", path="/api/v1/chat"):
    return srv.request("OPTIONS", path, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type, prefer"})


def tokens(header):
    return {t.strip().lower() for t in (header or "").split(",") if t.strip()}


def test_preflight_from_an_allowed_origin_is_204_with_the_cors_headers(srv):
    r = preflight(srv, ALLOWED)
    assert r.status_code == 204, r.text
    assert r.headers.get("Access-Control-Allow-Origin") == ALLOWED
    assert "origin" in tokens(r.headers.get("Vary"))
    assert {"post", "get", "delete"} <= tokens(r.headers.get("Access-Control-Allow-Methods"))
    assert {"authorization", "content-type", "prefer", "idempotency-key"} <= tokens(
        r.headers.get("Access-Control-Allow-Headers"))
    assert r.headers.get("Access-Control-Max-Age", "").isdigit()


@pytest.mark.parametrize("method,path", [("GET", "/api/v1/chat/history"),
                                         ("PATCH", "/api/v1/models/model_x"),
                                         ("GET", "/api/v1/jobs/chat_x")])
def test_preflight_needs_no_key_on_any_api_route(srv, method, path):
    r = preflight(srv, ALLOWED, method, path)
    assert r.status_code == 204
    assert r.headers.get("Access-Control-Allow-Origin") == ALLOWED
    assert method.lower() in tokens(r.headers.get("Access-Control-Allow-Methods"))


def test_responses_to_an_allowed_origin_carry_allow_origin_and_vary(srv):
    r = srv.get("/api/v1/ai-models", srv.key, headers={"Origin": ALLOWED})
    assert r.status_code == 200
    assert r.headers.get("Access-Control-Allow-Origin") == ALLOWED
    assert "origin" in tokens(r.headers.get("Vary"))


def test_errors_to_an_allowed_origin_carry_allow_origin_too(srv):
    # Otherwise a browser app cannot read why it was refused.
    r = srv.get("/api/v1/ai-models", headers={"Origin": ALLOWED})
    assert_error(r, 401, "missing_api_key")
    assert r.headers.get("Access-Control-Allow-Origin") == ALLOWED


def test_other_origins_get_no_cors_headers(srv):
    r = preflight(srv, OTHER)
    assert r.status_code == 204
    assert not [h for h in r.headers if h.lower().startswith("access-control-")], r.headers
    r = srv.get("/api/v1/ai-models", srv.key, headers={"Origin": OTHER})
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers


def test_no_origin_no_cors_headers(srv):
    r = srv.get("/api/v1/ai-models", srv.key)
    assert "Access-Control-Allow-Origin" not in r.headers


def test_origin_match_is_exact(srv):
    for near in (ALLOWED + ".evil.net", ALLOWED + ":8443", "http://app.example.com"):
        r = srv.get("/api/v1/ai-models", srv.key, headers={"Origin": near})
        assert "Access-Control-Allow-Origin" not in r.headers, near


def test_wildcard_allows_any_origin_and_echoes_it(server_factory):
    srv = server_factory.make(name="cors-any", config={"server": {"cors_allowed_origins": ["*"]}})
    key = srv.create_key("cors-any")
    r = srv.get("/api/v1/ai-models", key, headers={"Origin": OTHER})
    assert r.headers.get("Access-Control-Allow-Origin") == OTHER
    r = preflight(srv, OTHER)
    assert r.status_code == 204
    assert r.headers.get("Access-Control-Allow-Origin") == OTHER


def test_without_configured_origins_nobody_gets_cors_headers(server_factory):
    srv = server_factory.make(name="cors-none")
    r = preflight(srv, ALLOWED)
    assert r.status_code == 204
    assert "Access-Control-Allow-Origin" not in r.headers
