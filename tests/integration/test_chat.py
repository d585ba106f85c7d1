"""POST /api/v1/chat and GET /api/v1/jobs/{id}: sync and async answers, long-polls, follow-ups in
a session, validation of every field, and the sync-wait bound."""

import calendar
import time

import pytest

from genx3d_harness import CHAT_ID_RE, FINAL_STATES, assert_error, validate

GEAR = "Create a gear with 20 teeth and 40mm diameter"


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="chat")


@pytest.fixture(scope="module")
def key(srv):
    return srv.create_key("chat-a")


@pytest.fixture(scope="module")
def other_key(srv):
    return srv.create_key("chat-b")


@pytest.fixture(scope="module")
def slow(module_server_factory):
    """Builtin answers take 3 s and a sync chat waits at most 1 s."""
    srv = module_server_factory.make(name="chat-slow", config={
        "server": {"sync_wait_seconds": 1}, "worker": {"builtin_latency_ms": 3000}})
    srv.key = srv.create_key("slow")
    return srv


# --- sync

def test_sync_chat_answers_200_with_a_chat_response_with_code(srv, key):
    body = srv.chat(key, GEAR)
    assert CHAT_ID_RE.match(body["id"])
    assert body["code"] and "CSG" in body["code"]
    assert body["model_used"] == "builtin/parametric"  # no provider keys: the fallback answers
    assert body["tokens_used"] > 0
    assert body["session_id"].startswith("session_")


def test_sync_chat_response_is_the_result_of_its_job(srv, key):
    body = srv.chat(key, "Create a sphere with radius 10mm")
    job = srv.job(key, body["id"])
    assert job["status"] == "succeeded"
    assert job["result"] == body
    assert job["model"] == "gpt-4o-mini"  # the default model, as requested


def test_chat_with_an_explicit_model_records_it_on_the_job(srv, key):
    body = srv.chat(key, "Create a simple cube", model="gpt-4o", **{"async": True}, expect=202)
    assert body["model"] == "gpt-4o"
    job = srv.wait_final(key, body["id"])
    assert job["status"] == "succeeded"
    assert job["result"]["model_used"] == "builtin/parametric"


def test_json_content_type_with_charset_is_accepted(srv, key):
    r = srv.post("/api/v1/chat", key, data=b'{"message": "Create a simple cube"}',
                 headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200, r.text
    validate(r.json(), "chat-response")


# --- async

def test_async_in_body_answers_202_with_job_and_location(srv, key):
    r = srv.post("/api/v1/chat", key, json={"message": GEAR, "async": True})
    assert r.status_code == 202, r.text
    job = r.json()
    validate(job, "job")
    assert job["object"] == "chat.job"
    assert r.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    final = srv.wait_final(key, job["id"])
    assert final["status"] == "succeeded"
    assert final["result"]["id"] == job["id"]
    assert final["result"]["session_id"] == job["session_id"] == final["session_id"]
    assert final["finished_at"] >= final["created_at"]


def test_prefer_respond_async_header_answers_202(srv, key):
    r = srv.post("/api/v1/chat", key, json={"message": GEAR},
                 headers={"Prefer": "respond-async"})
    assert r.status_code == 202, r.text
    validate(r.json(), "job")
    assert r.headers["Location"] == f"/api/v1/jobs/{r.json()['id']}"


def test_long_poll_returns_the_final_state_once_the_job_finishes(slow):
    job = slow.chat(slow.key, GEAR, expect=202, **{"async": True})
    assert job["status"] in ("queued", "running")
    now = slow.job(slow.key, job["id"], wait=0)
    assert now["status"] in ("queued", "running"), "a 3 s job cannot be final at once"
    final = slow.job(slow.key, job["id"], wait=30)
    assert final["status"] == "succeeded"
    assert final["result"]["code"]
    assert final["started_at"] is not None and final["attempts"] >= 1


def test_long_poll_answers_with_the_current_state_when_wait_runs_out(slow):
    job = slow.chat(slow.key, "Create a simple cube", expect=202, **{"async": True})
    polled = slow.job(slow.key, job["id"], wait=1)
    assert polled["status"] not in FINAL_STATES, "a 3 s job is not final after a 1 s wait"
    assert polled["result"] is None and polled["finished_at"] is None


def test_sync_chat_longer_than_sync_wait_turns_into_202(slow):
    r = slow.post("/api/v1/chat", slow.key, json={"message": GEAR}, timeout=60)
    assert r.status_code == 202, r.text
    job = r.json()
    validate(job, "job")
    assert r.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert slow.wait_final(slow.key, job["id"])["status"] == "succeeded"


@pytest.mark.parametrize("wait", ["61", "-1", "abc", "1.5", ""])
def test_job_wait_out_of_range_or_not_an_integer_is_invalid_field(srv, key, wait):
    job = srv.chat(key, "Create a simple cube", expect=202, **{"async": True})
    r = srv.get(f"/api/v1/jobs/{job['id']}?wait={wait}", key)
    assert_error(r, 400, "invalid_field", field="wait")


def test_unknown_job_is_404(srv, key):
    assert_error(srv.get("/api/v1/jobs/chat_000000000000000000000000", key), 404, "not_found")
    assert_error(srv.get("/api/v1/jobs/nonsense", key), 404, "not_found")


# --- sessions and follow-ups

def test_follow_up_in_the_same_session_is_answered_using_history(srv, key):
    first = srv.chat(key, GEAR)
    session = first["session_id"]
    assert srv.history(key, session)["total"] == 2
    second = srv.chat(key, "make the teeth longer", session_id=session)
    assert second["session_id"] == session
    assert second["code"], "a follow-up about the gear must come back with code"
    assert second["code"] != first["code"]
    history = srv.history(key, session)
    assert history["total"] == 4
    assert [m["role"] for m in history["messages"]] == ["user", "assistant"] * 2
    assert history["messages"][2]["content"] == "make the teeth longer"
    assert history["messages"][3]["code"] == second["code"]


def test_a_fresh_session_does_not_see_another_sessions_gear(srv, key):
    # The follow-up alone, without the gear turn before it, is not the same request.
    first = srv.chat(key, GEAR)
    with_history = srv.chat(key, "make the teeth longer", session_id=first["session_id"])
    alone = srv.chat(key, "make the teeth longer")
    assert alone["session_id"] != first["session_id"]
    assert alone["code"] != with_history["code"]


def test_client_chosen_session_id_is_created_and_kept(srv, key):
    session = "my-app.user:42_chat-1"
    body = srv.chat(key, "Create a simple cube", session_id=session)
    assert body["session_id"] == session
    assert srv.history(key, session)["total"] == 2


@pytest.mark.parametrize("session", ["has space", "x" * 129, "", "semi;colon", "ünï"])
def test_malformed_session_id_is_invalid_field(srv, key, session):
    r = srv.post("/api/v1/chat", key, json={"message": "Create a cube", "session_id": session})
    assert_error(r, 400, "invalid_field", field="session_id")


def test_session_id_of_another_key_is_404(srv, key, other_key):
    body = srv.chat(key, "Create a simple cube")
    r = srv.post("/api/v1/chat", other_key,
                 json={"message": "Create a cube", "session_id": body["session_id"]})
    assert_error(r, 404, "not_found")
    assert srv.history(key, body["session_id"])["total"] == 2


# --- context

def test_context_names_a_model_whose_code_the_answer_builds_on(srv, key):
    gear_code = srv.chat(key, GEAR)["code"]
    model = srv.create_model(key, name="My gear", code=gear_code)
    body = srv.chat(key, "make the teeth longer", context=model["id"])
    assert body["code"], "a follow-up on a gear model must come back with code"
    assert body["code"] != gear_code


def test_null_optional_members_mean_their_defaults(srv, key):
    body = srv.chat(key, "Create a simple cube", context=None, session_id=None, model=None,
                    temperature=None, **{"async": None})
    assert body["session_id"].startswith("session_")
    assert srv.job(key, body["id"])["model"] == "gpt-4o-mini"


def test_unknown_context_is_404(srv, key):
    for ctx in ("model_000000000000000000000000", "model_123"):
        r = srv.post("/api/v1/chat", key, json={"message": "Create a cube", "context": ctx})
        assert_error(r, 404, "not_found")


def test_context_of_another_key_is_404(srv, key, other_key):
    model = srv.create_model(key, name="Mine")
    r = srv.post("/api/v1/chat", other_key,
                 json={"message": "Create a cube", "context": model["id"]})
    assert_error(r, 404, "not_found")


# --- validation

@pytest.mark.parametrize("temperature", [0, 0.0, 0.5, 1, 1.0])
def test_temperature_inside_0_to_1_is_accepted(srv, key, temperature):
    srv.chat(key, "Create a simple cube", temperature=temperature, expect=202,
             **{"async": True})


@pytest.mark.parametrize("temperature", [-0.1, 1.01, 2, -1])
def test_temperature_outside_0_to_1_is_invalid_field(srv, key, temperature):
    r = srv.post("/api/v1/chat", key, json={"message": "Create a cube", "temperature": temperature})
    assert_error(r, 400, "invalid_field", field="temperature")


@pytest.mark.parametrize("message", ["", "   ", "\n\t "])
def test_empty_message_is_rejected_naming_message(srv, key, message):
    r = srv.post("/api/v1/chat", key, json={"message": message})
    assert_error(r, 400, field="message")


def test_missing_message_is_missing_field(srv, key):
    r = srv.post("/api/v1/chat", key, json={"model": "gpt-4o"})
    assert_error(r, 400, "missing_field", field="message")


def test_message_of_exactly_32768_bytes_is_accepted(srv, key):
    head = "Create a simple cube "
    message = head + "x" * (32768 - len(head))
    assert len(message.encode()) == 32768
    srv.chat(key, message, expect=202, **{"async": True})


def test_message_of_32769_bytes_is_rejected(srv, key):
    message = "Create a simple cube " + "x" * (32769 - 21)
    r = srv.post("/api/v1/chat", key, json={"message": message})
    assert_error(r, 400, "invalid_field", field="message")


def test_message_limit_counts_utf8_bytes_not_characters(srv, key):
    ok = "é" * 16384  # 32768 bytes
    srv.chat(key, ok, expect=202, **{"async": True})
    r = srv.post("/api/v1/chat", key, json={"message": ok + "e"})  # 32769 bytes
    assert_error(r, 400, "invalid_field", field="message")


@pytest.mark.parametrize("field,value", [
    ("message", 123), ("message", ["a"]), ("message", None),
    ("context", 5), ("context", {"id": "model_x"}),
    ("model", 7), ("model", ["gpt-4o"]),
    ("temperature", "hot"), ("temperature", True), ("temperature", "0.5"),
    ("session_id", 42), ("session_id", ["s"]),
    ("async", "yes"), ("async", 1),
])
def test_wrong_type_is_invalid_field_naming_the_field(srv, key, field, value):
    body = {"message": "Create a cube", field: value}
    r = srv.post("/api/v1/chat", key, json=body)
    assert_error(r, 400, field=field)
    assert r.json()["error"]["code"] in ("invalid_field", "missing_field")


def test_unknown_fields_are_ignored(srv, key):
    body = srv.chat(key, "Create a simple cube", colour="red", stream=False)
    assert body["code"]


@pytest.mark.parametrize("payload", [b"[1, 2]", b'"text"', b"null", b"42"])
def test_body_that_is_not_an_object_is_400(srv, key, payload):
    r = srv.post("/api/v1/chat", key, data=payload, headers={"Content-Type": "application/json"})
    assert_error(r, 400)


def test_unknown_model_is_model_not_available_listing_the_models(srv, key):
    r = srv.post("/api/v1/chat", key, json={"message": "Create a cube", "model": "gpt-5"})
    err = assert_error(r, 400, "model_not_available",
                       contains=("gpt-4o-mini", "builtin/parametric"))
    assert "gpt-5" in err["message"]


def test_every_listed_model_can_be_requested(srv, key):
    models = srv.get("/api/v1/ai-models", key).json()["ai_models"]
    jobs = [srv.chat(key, "Create a simple cube", model=m["id"], expect=202, **{"async": True})
            for m in models if m["available"]]
    assert len(jobs) >= 5
    for job in jobs:
        assert srv.wait_final(key, job["id"])["status"] == "succeeded"


def test_a_sync_chat_timestamp_is_close_to_now(srv, key):
    body = srv.chat(key, "Create a simple cube")
    stamp = calendar.timegm(time.strptime(body["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(stamp - time.time()) < 120
