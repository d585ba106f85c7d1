"""Real model providers through the full pipeline: `genx3d serve` with a providers file that
points at the fake provider (tests/support/fake_provider) over HTTP and HTTPS. Each failure mode
of the issue: retry then success, retry then a clear failure, fallbacks, no retry on 401,
malformed JSON, a connection closed mid-body, a provider that hangs; the messages a chat with
history and context sends; the Anthropic wire protocol; certificate verification."""

import time

import pytest

from genx3d_harness import assert_error, validate
from provider_harness import (BAD_KEY, GOOD_KEY, ConnectProxy, FakeProvider, find_fake_provider,
                              make_cert, remote, write_providers_file)

CUBE = "Create a simple cube"


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    binary = find_fake_provider()
    if binary is None or not binary.is_file():
        pytest.skip("no fake_provider binary: set FAKE_PROVIDER (ctest does)")
    d = tmp_path_factory.mktemp("fake")
    cert, key = make_cert(d)
    fp = FakeProvider(binary, d / "fake.log", cert=cert, key=key,
                      extra_args=["--require-key", GOOD_KEY])
    fp.cert = cert
    yield fp
    fp.stop()


@pytest.fixture(autouse=True)
def fresh_fake(fake):
    fake.reset()


def providers_config(fake, trust_cert=True):
    v1 = fake.http_url + "/v1"
    providers = {
        "fake": remote("openai", v1, "FAKE_OPENAI_KEY"),
        "fake_short": remote("openai", v1, "FAKE_OPENAI_KEY", timeout_ms=500, max_attempts=2),
        "fake_badkey": remote("openai", v1, "FAKE_BAD_KEY"),
        "fake_nokey": remote("openai", v1, "GENX3D_TEST_KEY_THAT_IS_NOT_SET"),
        "fake_anthropic": remote("anthropic", fake.http_url, "FAKE_ANTHROPIC_KEY"),
        "fake_tls": remote("openai", fake.https_url + "/v1", "FAKE_OPENAI_KEY"),
    }
    models = {
        "gpt-4o*": {"provider": "fake", "fallbacks": ["builtin/parametric"]},
        "fake/primary": {"provider": "fake", "upstream_model": "primary-upstream",
                         "fallbacks": ["fake/secondary"]},
        "fake/secondary": {"provider": "fake", "upstream_model": "secondary-upstream",
                           "fallbacks": []},
        "fake/solo": {"provider": "fake", "fallbacks": []},
        "short/solo": {"provider": "fake_short", "fallbacks": []},
        "badkey/solo": {"provider": "fake_badkey", "fallbacks": ["fake/solo"]},
        "nokey/solo": {"provider": "fake_nokey", "fallbacks": []},
        "nokey/with-fallback": {"provider": "fake_nokey", "fallbacks": ["builtin/parametric"]},
        "claude/solo": {"provider": "fake_anthropic", "upstream_model": "claude-fake-1",
                        "fallbacks": []},
        "tls/solo": {"provider": "fake_tls", "fallbacks": []},
    }
    extra = {"ca_file": str(fake.cert)} if trust_cert else {}
    return providers, models, extra


ENV = {"FAKE_OPENAI_KEY": GOOD_KEY, "FAKE_ANTHROPIC_KEY": GOOD_KEY, "FAKE_BAD_KEY": BAD_KEY}


def start_server(factory, fake, name, tmp, trust_cert=True, env=None):
    providers, models, extra = providers_config(fake, trust_cert)
    path = write_providers_file(tmp / f"{name}-providers.json", providers, models, **extra)
    srv = factory.make(name=name, config={"providers_file": str(path)}, env={**ENV, **(env or {})})
    srv.key = srv.create_key(name)
    return srv


@pytest.fixture(scope="module")
def srv(module_server_factory, fake, tmp_path_factory):
    return start_server(module_server_factory, fake, "providers",
                        tmp_path_factory.mktemp("providers"))


def sync_error(srv, model, message, status=502):
    r = srv.post("/api/v1/chat", srv.key, json={"message": message, "model": model}, timeout=60)
    return assert_error(r, status)


# --- retries

def test_429_with_retry_after_is_retried_after_the_delay_then_succeeds(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:429,times=1,retry_after=1]", model="fake/solo")
    assert body["model_used"] == "fake/solo"
    assert body["tokens_used"] == 100  # the fake's usage.total_tokens
    assert "CSG.cube" in body["code"]
    calls = fake.model_requests()
    assert [c["fault"] for c in calls] == ["429,times=1,retry_after=1", None]
    # Backoff alone is at most 50 ms here; the gap shows Retry-After was honoured (capped at
    # 6 x backoff_max_ms = 300 ms by the retry policy).
    assert calls[1]["time_ms"] - calls[0]["time_ms"] >= 250


def test_503_is_retried_then_succeeds(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:503,times=1]", model="fake/solo")
    assert body["model_used"] == "fake/solo"
    assert [c["fault"] for c in fake.model_requests()] == ["503,times=1", None]


def test_always_503_fails_after_max_attempts_with_provider_unavailable(srv, fake):
    err = sync_error(srv, "fake/solo", CUBE + " [fault:503]")
    assert err["code"] == "provider_unavailable"
    assert "fake is unavailable (503)" in err["message"]
    assert "gave up after 3 attempts" in err["message"]
    assert len(fake.model_requests()) == 3


def test_async_job_fails_with_the_provider_error(srv, fake):
    job = srv.chat(srv.key, CUBE + " [fault:503]", model="fake/solo", expect=202,
                   **{"async": True})
    final = srv.wait_final(srv.key, job["id"])
    assert final["status"] == "failed"
    assert final["error"]["type"] == "provider_error"
    assert final["error"]["code"] == "provider_unavailable"
    assert final["result"] is None


# --- fallbacks

def test_fallback_answers_when_the_primary_always_fails(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:500,model=primary-upstream]", model="fake/primary")
    assert body["model_used"] == "fake/secondary"
    assert len(fake.model_requests("primary-upstream")) == 3
    assert len(fake.model_requests("secondary-upstream")) == 1


def test_when_every_model_fails_the_error_names_each(srv, fake):
    err = sync_error(srv, "fake/primary", CUBE + " [fault:503]")
    assert err["code"] == "provider_unavailable"
    assert "fake/primary" in err["message"] and "fake/secondary" in err["message"]


# --- no retry on 401

def test_401_is_not_retried_and_names_the_providers_complaint(srv, fake):
    srv_models = {"badkey/solo": "fake/solo"}  # its fallback is tried next, and answers
    body = srv.chat(srv.key, CUBE, model="badkey/solo")
    assert body["model_used"] == srv_models["badkey/solo"]
    calls = fake.model_requests()
    assert len(calls) == 2  # one 401 (never retried), then the fallback
    assert calls[0]["headers"]["authorization"] == f"Bearer {BAD_KEY}"


def test_401_without_fallback_fails_with_provider_auth_failed(srv, fake):
    err = sync_error(srv, "fake/solo", CUBE + " [fault:401]")
    assert err["type"] == "provider_error"  # never authentication_error: genx3d's key is fine
    assert err["code"] == "provider_auth_failed"
    assert "fake rejected the request (401): Incorrect API key provided" in err["message"]
    assert len(fake.model_requests()) == 1


def test_400_is_not_retried(srv, fake):
    err = sync_error(srv, "fake/solo", CUBE + " [fault:400]")
    assert err["code"] == "provider_rejected"
    assert len(fake.model_requests()) == 1


# --- broken answers

def test_malformed_json_is_retried_then_succeeds(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:malformed,times=1]", model="fake/solo")
    assert body["model_used"] == "fake/solo"
    assert len(fake.model_requests()) == 2


def test_always_malformed_json_fails_with_a_clear_error(srv, fake):
    err = sync_error(srv, "fake/solo", CUBE + " [fault:malformed]")
    assert err["code"] == "provider_bad_response"
    assert "cannot read" in err["message"]


def test_connection_closed_mid_body_is_retried(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:close,times=1]", model="fake/solo")
    assert body["model_used"] == "fake/solo"
    assert len(fake.model_requests()) == 2


def test_a_provider_that_hangs_times_out(srv, fake):
    started = time.monotonic()
    err = sync_error(srv, "short/solo", CUBE + " [fault:hang]")
    assert err["code"] == "provider_timeout"
    assert "did not answer in time" in err["message"]
    assert len(fake.model_requests()) == 2  # fake_short: max_attempts 2, 500 ms each
    assert time.monotonic() - started < 10


def test_an_answer_sent_byte_by_byte_still_arrives(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:slow,delay_ms=1]", model="fake/solo")
    assert body["model_used"] == "fake/solo"
    assert len(fake.model_requests()) == 1


# --- what the provider receives

def test_chat_with_history_and_context_sends_the_expected_messages(srv, fake):
    first = srv.chat(srv.key, "Create a cube of 10 mm", model="fake/solo", temperature=0.2)
    session = first["session_id"]
    code = "var base = CSG.cube({radius: [5, 5, 1]});"
    ctx = srv.create_model(srv.key, name="base plate", code=code)
    fake.reset()
    srv.chat(srv.key, "make it twice as big", model="fake/solo", session_id=session,
             context=ctx["id"], temperature=0.2)
    calls = fake.model_requests()
    assert len(calls) == 1
    call = calls[0]
    assert call["path"] == "/v1/chat/completions"
    assert call["headers"]["authorization"] == f"Bearer {GOOD_KEY}"
    sent = call["body"]
    assert sent["model"] == "fake/solo"
    assert sent["temperature"] == pytest.approx(0.2)
    roles = [m["role"] for m in sent["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert "CSG.cube" in sent["messages"][0]["content"]  # the system prompt teaches the API
    history = srv.history(srv.key, session)["messages"]
    assert sent["messages"][1]["content"] == "Create a cube of 10 mm"
    assert history[1]["role"] == "assistant"
    assert history[1]["content"] in sent["messages"][2]["content"]  # the earlier answer
    last = sent["messages"][3]["content"]
    assert code in last
    assert last.endswith("make it twice as big")
    assert last.index(code) < last.index("make it twice as big")


def test_seed_models_are_routed_by_pattern(srv, fake):
    body = srv.chat(srv.key, CUBE)  # default model gpt-4o-mini, matched by "gpt-4o*"
    assert body["model_used"] == "gpt-4o-mini"
    assert fake.model_requests()[0]["body"]["model"] == "gpt-4o-mini"


def test_anthropic_wire_protocol(srv, fake):
    body = srv.chat(srv.key, CUBE, model="claude/solo")
    assert body["model_used"] == "claude/solo"
    assert body["tokens_used"] == 33  # input_tokens + output_tokens
    call = fake.model_requests()[0]
    assert call["path"] == "/v1/messages"
    assert call["headers"]["x-api-key"] == GOOD_KEY
    assert call["headers"]["anthropic-version"] == "2023-06-01"
    assert "authorization" not in call["headers"]
    sent = call["body"]
    assert sent["model"] == "claude-fake-1"
    assert "CSG.cube" in sent["system"]
    assert sent["max_tokens"] > 0
    assert sent["messages"] == [{"role": "user", "content": CUBE}]


def test_anthropic_retries_an_overloaded_answer(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:529,times=1]", model="claude/solo")
    assert body["model_used"] == "claude/solo"
    assert len(fake.model_requests()) == 2


# --- availability

def test_ai_models_reports_real_availability(srv, fake):
    r = srv.get("/api/v1/ai-models", srv.key)
    assert r.status_code == 200, r.text
    validate(r.json(), "ai-models")
    models = {m["id"]: m for m in r.json()["ai_models"]}
    assert models["gpt-4o-mini"]["provider"] == "fake"
    assert models["gpt-4o-mini"]["served_by"] == "gpt-4o-mini"
    assert models["nokey/solo"]["available"] is False
    assert models["nokey/solo"]["served_by"] is None
    assert models["nokey/with-fallback"]["served_by"] == "builtin/parametric"
    # No route in the file: the seed's own fallback to builtin/parametric stays.
    assert models["local/llama-3.1-8b"]["served_by"] == "builtin/parametric"


def test_a_model_whose_provider_has_no_key_is_not_available(srv, fake):
    r = srv.post("/api/v1/chat", srv.key, json={"message": CUBE, "model": "nokey/solo"})
    assert_error(r, 400, code="model_not_available")
    body = srv.chat(srv.key, CUBE, model="nokey/with-fallback")
    assert body["model_used"] == "builtin/parametric"
    assert fake.model_requests() == []


# --- HTTPS

def test_https_provider_with_a_trusted_certificate(srv, fake):
    body = srv.chat(srv.key, CUBE, model="tls/solo")
    assert body["model_used"] == "tls/solo"
    assert len(fake.model_requests()) == 1


def test_https_retry_then_success(srv, fake):
    body = srv.chat(srv.key, CUBE + " [fault:503,times=1]", model="tls/solo")
    assert body["model_used"] == "tls/solo"
    assert len(fake.model_requests()) == 2


def test_https_provider_with_an_untrusted_certificate_fails_verification(server_factory, fake,
                                                                         tmp_path):
    srv = start_server(server_factory, fake, "untrusted", tmp_path, trust_cert=False)
    err = sync_error(srv, "tls/solo", CUBE)
    assert err["code"] == "provider_unavailable"
    assert "certificate verify failed" in err["message"]
    assert fake.model_requests() == []  # nothing was sent over an unverified connection


# --- proxies

@pytest.fixture
def proxy():
    p = ConnectProxy()
    yield p
    p.close()


def test_https_goes_through_the_https_proxy_in_a_connect_tunnel(server_factory, fake, tmp_path,
                                                                proxy):
    srv = start_server(server_factory, fake, "proxied", tmp_path,
                       env={"HTTPS_PROXY": proxy.url, "NO_PROXY": ""})
    body = srv.chat(srv.key, CUBE, model="tls/solo")
    assert body["model_used"] == "tls/solo"
    assert proxy.connects == [f"localhost:{fake.https_port}"]
    assert len(fake.model_requests()) == 1  # the request went through the tunnel, verified


def test_no_proxy_bypasses_the_proxy(server_factory, fake, tmp_path, proxy):
    srv = start_server(server_factory, fake, "bypass", tmp_path,
                       env={"HTTPS_PROXY": proxy.url, "NO_PROXY": "localhost,127.0.0.1"})
    body = srv.chat(srv.key, CUBE, model="tls/solo")
    assert body["model_used"] == "tls/solo"
    assert proxy.connects == []
