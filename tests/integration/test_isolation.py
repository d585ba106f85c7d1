"""Two API keys on one server never see each other's jobs, sessions, history, models or
contexts: every attempt answers 404 with the error shape, never data, and changes nothing."""

import pytest

from genx3d_harness import assert_error


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="isolation")


@pytest.fixture(scope="module")
def alice(srv):
    """Alice's key with one of each thing: a finished job, a session, a model."""
    key = srv.create_key("alice")
    chat = srv.chat(key, "Create a gear with 20 teeth and 40mm diameter",
                    session_id="alice-session")
    model = srv.create_model(key, name="Alice's gear", code=chat["code"])
    return {"key": key, "job": chat["id"], "session": chat["session_id"], "model": model,
            "chat": chat}


@pytest.fixture(scope="module")
def bob(srv):
    return srv.create_key("bob")


def assert_not_found_without_data(r, alice):
    err = assert_error(r, 404, "not_found")
    for secret in (alice["chat"]["code"], alice["model"]["name"], "Create a gear"):
        assert secret not in r.text
    return err


def test_bob_cannot_read_alices_job(srv, alice, bob):
    for wait in (0, 1):
        r = srv.get(f"/api/v1/jobs/{alice['job']}", bob, params={"wait": wait})
        assert_not_found_without_data(r, alice)


def test_bob_cannot_read_or_clear_alices_history(srv, alice, bob):
    params = {"session_id": alice["session"]}
    assert_not_found_without_data(srv.get("/api/v1/chat/history", bob, params=params), alice)
    assert_not_found_without_data(srv.delete("/api/v1/chat/history", bob, params=params), alice)
    assert srv.history(alice["key"], alice["session"])["total"] == 2


def test_bob_cannot_chat_into_alices_session(srv, alice, bob):
    r = srv.post("/api/v1/chat", bob, json={"message": "make the teeth longer",
                                            "session_id": alice["session"]})
    assert_not_found_without_data(r, alice)
    r = srv.post("/api/v1/chat", bob, json={"message": "make the teeth longer", "async": True,
                                            "session_id": alice["session"]})
    assert_not_found_without_data(r, alice)
    assert srv.history(alice["key"], alice["session"])["total"] == 2


def test_bob_cannot_use_alices_model_as_context(srv, alice, bob):
    for extra in ({}, {"async": True}):
        r = srv.post("/api/v1/chat", bob, json={"message": "make the teeth longer",
                                                "context": alice["model"]["id"], **extra})
        assert_not_found_without_data(r, alice)


def test_bob_cannot_see_or_change_alices_model(srv, alice, bob):
    path = f"/api/v1/models/{alice['model']['id']}"
    assert_not_found_without_data(srv.get(path, bob), alice)
    assert_not_found_without_data(srv.patch(path, bob, json={"name": "mine"}), alice)
    assert_not_found_without_data(srv.put(path, bob, json={"code": ""}), alice)
    assert_not_found_without_data(srv.delete(path, bob), alice)
    listing = srv.get("/api/v1/models", bob).json()
    assert listing == {"models": [], "total": 0, "has_more": False}
    assert srv.get(path, alice["key"]).json() == alice["model"]


def test_foreign_and_unknown_look_the_same(srv, alice, bob):
    foreign = srv.get(f"/api/v1/jobs/{alice['job']}", bob)
    unknown = srv.get("/api/v1/jobs/chat_000000000000000000000000", bob)
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["error"]["code"] == unknown.json()["error"]["code"]


def test_the_same_session_name_is_private_per_key(srv, alice, bob):
    # Bob picking a name Alice already uses gets 404, not a shared conversation.
    r = srv.post("/api/v1/chat", bob, json={"message": "Create a cube",
                                            "session_id": "alice-session"})
    assert_error(r, 404, "not_found")
    own = srv.chat(bob, "Create a simple cube", session_id="bob-session")
    assert srv.history(bob, own["session_id"])["total"] == 2
    assert_error(srv.get("/api/v1/chat/history", alice["key"],
                         params={"session_id": "bob-session"}), 404, "not_found")


def test_bobs_async_job_is_invisible_to_alice(srv, alice, bob):
    job = srv.chat(bob, "Create a simple cube", expect=202, **{"async": True})
    assert_error(srv.get(f"/api/v1/jobs/{job['id']}", alice["key"]), 404, "not_found")
    assert srv.wait_final(bob, job["id"])["status"] == "succeeded"
