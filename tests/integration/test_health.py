"""GET /healthz and GET /readyz: unauthenticated liveness and readiness."""

import pytest

from genx3d_harness import validate


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="health")


def test_healthz_is_200_ok_without_a_key(srv):
    r = srv.get("/healthz")
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "application/json"
    validate(r.json(), "health")
    assert r.json() == {"status": "ok"}


def test_readyz_reports_store_and_queue_ready(srv):
    r = srv.get("/readyz")
    assert r.status_code == 200, r.text
    validate(r.json(), "ready")
    assert r.json()["status"] == "ready"
    assert r.json()["checks"]["store"] == "ok" and r.json()["checks"]["queue"] == "ok"


def test_health_ignores_a_bad_key(srv):
    r = srv.get("/healthz", key="gx3d_" + "0" * 40)
    assert r.status_code == 200


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_health_routes_allow_only_get(srv, method):
    r = srv.request(method, "/healthz")
    assert r.status_code == 405
    validate(r.json(), "error")
    assert "GET" in r.headers.get("Allow", "")


def test_health_is_not_rate_limited(server_factory):
    srv = server_factory.make(name="health-limit", config={
        "server": {"default_rate_limit_per_minute": 2}})
    for _ in range(20):
        assert srv.get("/healthz").status_code == 200
