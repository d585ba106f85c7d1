"""Authentication, the error shape on every kind of failure, rate limits, and robustness against
malformed HTTP (the server must survive it and keep answering)."""

import json
import socket
import time

import pytest

from genx3d_harness import (assert_error, key_id_for, parse_raw_response, raw_exchange,
                            run_cli, validate)

API_ROUTES = [("GET", "/api/v1/ai-models"), ("GET", "/api/v1/models"),
              ("POST", "/api/v1/chat"), ("GET", "/api/v1/jobs/chat_000000000000000000000000"),
              ("GET", "/api/v1/chat/history?session_id=s"), ("POST", "/api/v1/models")]


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="auth")


@pytest.fixture(scope="module")
def key(srv):
    return srv.create_key("auth")


# --- 401

@pytest.mark.parametrize("method,path", API_ROUTES)
def test_missing_key_is_401_missing_api_key(srv, method, path):
    r = srv.request(method, path, json={"message": "x"} if method == "POST" else None)
    assert_error(r, 401, "missing_api_key")


@pytest.mark.parametrize("header", [
    "Bearer gx3d_" + "A" * 40, "Bearer not-a-key", "Bearer ", "Basic dXNlcjpwYXNz", "gx3d_abc",
])
def test_wrong_key_is_401(srv, header):
    r = srv.get("/api/v1/ai-models", headers={"Authorization": header})
    assert_error(r, 401)
    assert r.json()["error"]["code"] in ("invalid_api_key", "missing_api_key")


def test_unknown_well_formed_key_is_invalid_api_key(srv):
    r = srv.get("/api/v1/ai-models", key="gx3d_" + "A" * 40)
    assert_error(r, 401, "invalid_api_key")


def test_bearer_scheme_is_case_insensitive(srv, key):
    r = srv.get("/api/v1/ai-models", headers={"Authorization": f"bearer {key}"})
    assert r.status_code == 200, r.text


def test_revoked_key_is_401_invalid_api_key(srv):
    key = srv.create_key("to-revoke")
    assert srv.get("/api/v1/ai-models", key).status_code == 200
    run_cli(srv.binary, "keys", "revoke", key_id_for(srv.binary, srv.data_dir, "to-revoke"),
            "--data-dir", srv.data_dir)
    # Revocation happens in another process; the server may cache a key's validity for up to
    # 5 s (openapi.yaml), so allow it twice that to notice.
    deadline = time.monotonic() + 10
    r = srv.get("/api/v1/ai-models", key)
    while r.status_code == 200 and time.monotonic() < deadline:
        time.sleep(0.1)
        r = srv.get("/api/v1/ai-models", key)
    assert_error(r, 401, "invalid_api_key")


def test_health_needs_no_key(srv):
    assert srv.get("/healthz").status_code == 200
    assert srv.get("/readyz").status_code == 200


def test_the_api_key_never_appears_in_the_server_log(srv, key):
    srv.get("/api/v1/ai-models", key)
    srv.get("/api/v1/ai-models", key="gx3d_" + "B" * 40)
    log = srv.log_text()
    assert key not in log and key[5:] not in log
    assert "B" * 40 not in log


def test_each_request_is_logged(srv, key):
    srv.get("/api/v1/models?limit=7", key)
    deadline = time.monotonic() + 5
    while "/api/v1/models" not in srv.log_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "/api/v1/models" in srv.log_text()


# --- 400 / 404 / 405 / 413 / 415

@pytest.mark.parametrize("payload", [b"{not json", b'{"message": "a",}', b"", b"\xff\xfe{}",
                                     b'{"message": "\xff"}'])
def test_bad_json_is_400_invalid_json(srv, key, payload):
    r = srv.post("/api/v1/chat", key, data=payload, headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/chat/nope", "/api/v2/chat", "/",
                                  "/api/v1/models/a/b"])
def test_unknown_route_is_404(srv, key, path):
    assert_error(srv.get(path, key), 404, "not_found")


def test_unknown_route_without_key_is_an_error_not_data(srv):
    r = srv.get("/nope")
    assert_error(r, 404, "not_found")


@pytest.mark.parametrize("method,path,allowed", [
    ("DELETE", "/api/v1/chat", {"POST"}),
    ("GET", "/api/v1/chat", {"POST"}),
    ("POST", "/api/v1/ai-models", {"GET"}),
    ("POST", "/api/v1/jobs/chat_000000000000000000000000", {"GET"}),
    ("PUT", "/api/v1/chat/history", {"GET", "DELETE"}),
    ("DELETE", "/api/v1/models", {"GET", "POST"}),
    ("POST", "/api/v1/models/model_000000000000000000000000", {"GET", "PATCH", "PUT", "DELETE"}),
])
def test_wrong_method_is_405_with_allow(srv, key, method, path, allowed):
    r = srv.request(method, path, key)
    assert_error(r, 405, "method_not_allowed")
    listed = {m.strip().upper() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert allowed <= listed, f"Allow: {r.headers.get('Allow')!r}"
    assert method not in listed


def test_body_over_max_body_bytes_is_413(srv, key):
    body = json.dumps({"message": "x" * (1024 * 1024)}).encode()
    assert len(body) > 1024 * 1024
    head = (f"POST /api/v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    status, headers, payload = parse_raw_response(raw_exchange(srv.port, head + body))
    assert status == 413
    validate(json.loads(payload), "error")
    assert json.loads(payload)["error"]["code"] == "body_too_large"
    assert srv.healthy()


def test_declared_length_over_the_limit_is_413_before_the_body_is_sent(srv, key):
    head = (f"POST /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {10 * 1024 * 1024}\r\n\r\n")
    status, _, payload = parse_raw_response(raw_exchange(srv.port, head.encode() + b'{"name"'))
    assert status == 413
    assert json.loads(payload)["error"]["code"] == "body_too_large"


def test_body_just_under_the_limit_is_not_413(srv, key):
    # Under 1 MiB but over the 32768-byte message limit: 400 about the message, not 413.
    r = srv.post("/api/v1/chat", key, json={"message": "x" * (1024 * 1024 - 100)})
    assert_error(r, 400, field="message")


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded",
                                   "multipart/form-data; boundary=x", None])
def test_wrong_content_type_is_415(srv, key, ctype):
    headers = {"Content-Type": ctype} if ctype else {}
    r = srv.post("/api/v1/chat", key, data=b'{"message": "Create a cube"}', headers=headers)
    if ctype is None:
        # requests adds no Content-Type for raw bytes; make sure of it.
        assert "Content-Type" not in r.request.headers
    assert_error(r, 415, "unsupported_media_type")


def test_wrong_content_type_on_patch_is_415(srv, key):
    m = srv.create_model(key)
    r = srv.patch(f"/api/v1/models/{m['id']}", key, data=b'{"name": "x"}',
                  headers={"Content-Type": "text/plain"})
    assert_error(r, 415, "unsupported_media_type")


def test_get_with_a_json_content_type_and_no_body_is_fine(srv, key):
    # The seed's clients send Content-Type: application/json on every GET.
    r = srv.get("/api/v1/models", key, headers={"Content-Type": "application/json"})
    assert r.status_code == 200


# --- 429

def test_rate_limit_answers_429_with_retry_after_per_key(srv, key):
    limited = srv.create_key("limited", rate_limit=5)
    for i in range(5):
        r = srv.get("/api/v1/ai-models", limited)
        assert r.status_code == 200, f"request {i + 1} of 5: {r.status_code} {r.text}"
    r = srv.get("/api/v1/ai-models", limited)
    assert_error(r, 429, "rate_limit_exceeded")
    retry_after = r.headers.get("Retry-After", "")
    assert retry_after.isdigit() and 1 <= int(retry_after) <= 60, retry_after
    # Every route counts, and the limit is per key: the default key is unaffected.
    assert_error(srv.get("/api/v1/models", limited), 429, "rate_limit_exceeded")
    assert srv.get("/api/v1/ai-models", key).status_code == 200
    assert srv.get("/healthz").status_code == 200


# --- malformed HTTP never crashes the server

def assert_still_serving(srv, key):
    assert srv.alive(), f"server died; log:\n{srv.log_tail()}"
    assert srv.healthy()
    assert srv.get("/api/v1/ai-models", key).status_code == 200


@pytest.mark.parametrize("garbage", [
    b"THIS IS NOT HTTP\r\n\r\n",
    b"\x00\x01\x02\x03" * 1000,
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
    b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"\r\n" * 5000,
], ids=["not-http", "binary", "http-9.9", "negative-length", "two-lengths", "bad-chunk",
        "bad-target", "blank-lines"])
def test_garbage_gets_an_error_or_a_close_and_the_server_lives(srv, key, garbage):
    reply = raw_exchange(srv.port, garbage, timeout=5)
    if reply:
        status, _, payload = parse_raw_response(reply)
        assert 400 <= status < 500, reply[:200]
        validate(json.loads(payload), "error")
    assert_still_serving(srv, key)


def test_header_over_the_limits_is_refused_and_the_server_lives(srv, key):
    big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"
    reply = raw_exchange(srv.port, big, timeout=5)
    if reply:
        status, _, payload = parse_raw_response(reply)
        assert status in (400, 413, 431), reply[:200]
        validate(json.loads(payload), "error")
    many = b"GET /healthz HTTP/1.1\r\n" + b"".join(
        f"X-H{i}: v\r\n".encode() for i in range(20_000)) + b"\r\n"
    raw_exchange(srv.port, many, timeout=5)
    assert_still_serving(srv, key)


def test_half_requests_then_close_do_not_hurt(srv, key):
    pieces = [b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              key.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
              b"\r\n{\"mess",
              b"GET /api/v1/jobs/chat_0000",
              b"GET /healthz HTTP/1.1\r\nHo"]
    for _ in range(20):
        for piece in pieces:
            raw_exchange(srv.port, piece, read=False)
    assert_still_serving(srv, key)


def test_a_silent_connection_does_not_block_others(srv, key):
    idle = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(50)]
    try:
        assert_still_serving(srv, key)
    finally:
        for s in idle:
            s.close()


def test_keep_alive_serves_several_requests_on_one_connection(srv, key):
    req = (f"GET /api/v1/ai-models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
           f"\r\n").encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        for _ in range(3):
            s.sendall(req)
            buf = b""
            while b"\r\n\r\n" not in buf:
                buf += s.recv(65536)
            head, _, body = buf.partition(b"\r\n\r\n")
            status, headers, _ = parse_raw_response(head + b"\r\n\r\n")
            assert status == 200
            length = int(headers["content-length"])
            while len(body) < length:
                body += s.recv(65536)
            validate(json.loads(body[:length]), "ai-models")
