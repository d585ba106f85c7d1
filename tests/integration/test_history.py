"""GET and DELETE /api/v1/chat/history: paging, bounds, clearing, and 404s."""

import pytest

from genx3d_harness import assert_error, validate

TURNS = ["Create a gear with 20 teeth and 40mm diameter", "make the teeth longer",
         "Create a simple cube"]


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="history")


@pytest.fixture(scope="module")
def key(srv):
    return srv.create_key("history")


@pytest.fixture(scope="module")
def session(srv, key):
    """A session with three turns: six messages."""
    sid = "history-paging"
    for message in TURNS:
        srv.chat(key, message, session_id=sid)
    return sid


def page(srv, key, session, **params):
    return srv.history(key, session, **params)


def test_history_lists_every_turn_oldest_first(srv, key, session):
    h = page(srv, key, session)
    assert h["total"] == 6 and h["has_more"] is False
    msgs = h["messages"]
    assert [m["role"] for m in msgs] == ["user", "assistant"] * 3
    assert [m["content"] for m in msgs[::2]] == TURNS
    assert len({m["id"] for m in msgs}) == 6
    stamps = [m["timestamp"] for m in msgs]
    assert stamps == sorted(stamps)
    for m in msgs[1::2]:
        assert m.get("code"), "every turn here produces code"


def test_limit_and_offset_page_through_the_history(srv, key, session):
    everything = page(srv, key, session)["messages"]
    first = page(srv, key, session, limit=2, offset=0)
    assert first["messages"] == everything[:2]
    assert first["total"] == 6 and first["has_more"] is True
    middle = page(srv, key, session, limit=2, offset=2)
    assert middle["messages"] == everything[2:4] and middle["has_more"] is True
    last = page(srv, key, session, limit=2, offset=4)
    assert last["messages"] == everything[4:] and last["has_more"] is False
    ragged = page(srv, key, session, limit=4, offset=3)
    assert ragged["messages"] == everything[3:] and ragged["has_more"] is False


def test_offset_past_the_end_gives_an_empty_page(srv, key, session):
    for offset in (6, 100):
        h = page(srv, key, session, limit=10, offset=offset)
        assert h == {"messages": [], "total": 6, "has_more": False}


def test_limit_bounds_1_and_200_are_accepted(srv, key, session):
    assert len(page(srv, key, session, limit=1)["messages"]) == 1
    assert len(page(srv, key, session, limit=200)["messages"]) == 6


@pytest.mark.parametrize("limit", ["0", "201", "-1", "abc", "1.5", ""])
def test_bad_limit_is_invalid_field(srv, key, session, limit):
    r = srv.get(f"/api/v1/chat/history?session_id={session}&limit={limit}", key)
    assert_error(r, 400, "invalid_field", field="limit")


@pytest.mark.parametrize("offset", ["-1", "x", "2.5"])
def test_bad_offset_is_invalid_field(srv, key, session, offset):
    r = srv.get(f"/api/v1/chat/history?session_id={session}&offset={offset}", key)
    assert_error(r, 400, "invalid_field", field="offset")


def test_missing_session_id_is_missing_field(srv, key):
    assert_error(srv.get("/api/v1/chat/history", key), 400, "missing_field", field="session_id")
    assert_error(srv.delete("/api/v1/chat/history", key), 400, "missing_field",
                 field="session_id")


def test_unknown_session_is_404(srv, key):
    r = srv.get("/api/v1/chat/history", key, params={"session_id": "never-used"})
    assert_error(r, 404, "not_found")
    r = srv.delete("/api/v1/chat/history", key, params={"session_id": "never-used"})
    assert_error(r, 404, "not_found")


def test_delete_clears_the_history_and_the_session_lives_on(srv, key):
    sid = srv.chat(key, "Create a simple cube")["session_id"]
    assert page(srv, key, sid)["total"] == 2
    r = srv.delete("/api/v1/chat/history", key, params={"session_id": sid})
    assert r.status_code == 200, r.text
    validate(r.json(), "history-cleared")
    assert r.json() == {"success": True, "message": "Chat history cleared"}
    assert page(srv, key, sid) == {"messages": [], "total": 0, "has_more": False}
    # Clearing an empty (but existing) session is still fine, and the session keeps working.
    assert srv.delete("/api/v1/chat/history", key, params={"session_id": sid}).status_code == 200
    srv.chat(key, "Create a simple cube", session_id=sid)
    assert page(srv, key, sid)["total"] == 2


def test_cleared_history_is_not_sent_to_the_model(srv, key):
    sid = srv.chat(key, "Create a gear with 20 teeth and 40mm diameter")["session_id"]
    with_gear = srv.chat(key, "make the teeth longer", session_id=sid)
    srv.delete("/api/v1/chat/history", key, params={"session_id": sid})
    after_clear = srv.chat(key, "make the teeth longer", session_id=sid)
    assert after_clear["code"] != with_gear["code"]
