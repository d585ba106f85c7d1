"""The 3D models CRUD under /api/v1/models, with bounds and ownership."""

import pytest

from genx3d_harness import assert_error, validate

GEAR_CODE = "var gear = CSG.cylinder({start: [0, 0, 0], end: [0, 0, 10], radius: 20});"


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="models")


@pytest.fixture
def key(srv, request):
    # A fresh key per test: each test sees only its own models.
    return srv.create_key(f"models-{request.node.name[:40]}")


def test_create_answers_201_with_the_model_and_its_location(srv, key):
    r = srv.post("/api/v1/models", key, json={"name": "Spur gear", "code": GEAR_CODE})
    assert r.status_code == 201, r.text
    m = r.json()
    validate(m, "model")
    assert r.headers["Location"] == f"/api/v1/models/{m['id']}"
    assert (m["name"], m["code"], m["object"]) == ("Spur gear", GEAR_CODE, "model")
    assert m["created_at"] == m["updated_at"]


def test_get_returns_what_was_created(srv, key):
    m = srv.create_model(key, name="Bracket", code=GEAR_CODE)
    r = srv.get(f"/api/v1/models/{m['id']}", key)
    assert r.status_code == 200, r.text
    validate(r.json(), "model")
    assert r.json() == m


def test_empty_code_and_200_character_names_are_allowed(srv, key):
    srv.create_model(key, name="n" * 200, code="")
    srv.create_model(key, name="ü" * 200, code="")  # 200 characters, 400 bytes


@pytest.mark.parametrize("body,field,code", [
    ({"name": "", "code": ""}, "name", "invalid_field"),
    ({"name": "n" * 201, "code": ""}, "name", "invalid_field"),
    ({"name": 5, "code": ""}, "name", "invalid_field"),
    ({"name": "x", "code": 5}, "code", "invalid_field"),
    ({"name": "x", "code": None}, "code", None),
    ({"code": ""}, "name", "missing_field"),
    ({"name": "x"}, "code", "missing_field"),
])
def test_create_validates_name_and_code(srv, key, body, field, code):
    assert_error(srv.post("/api/v1/models", key, json=body), 400, code, field=field)


def test_list_is_newest_first_with_total_and_has_more(srv, key):
    made = [srv.create_model(key, name=f"part {i}") for i in range(5)]
    r = srv.get("/api/v1/models", key)
    assert r.status_code == 200, r.text
    validate(r.json(), "model-list")
    listed = r.json()
    assert listed["total"] == 5 and listed["has_more"] is False
    assert [m["id"] for m in listed["models"]] == [m["id"] for m in reversed(made)]
    first = srv.get("/api/v1/models", key, params={"limit": 2}).json()
    assert [m["id"] for m in first["models"]] == [made[4]["id"], made[3]["id"]]
    assert first["total"] == 5 and first["has_more"] is True
    rest = srv.get("/api/v1/models", key, params={"limit": 2, "offset": 4}).json()
    assert [m["id"] for m in rest["models"]] == [made[0]["id"]] and rest["has_more"] is False


@pytest.mark.parametrize("query,field", [("limit=0", "limit"), ("limit=201", "limit"),
                                         ("limit=x", "limit"), ("offset=-1", "offset")])
def test_list_rejects_bad_paging(srv, key, query, field):
    assert_error(srv.get(f"/api/v1/models?{query}", key), 400, "invalid_field", field=field)


def test_a_new_key_has_no_models(srv, key):
    r = srv.get("/api/v1/models", key)
    assert r.json() == {"models": [], "total": 0, "has_more": False}


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_changes_only_the_members_given(srv, key, method):
    m = srv.create_model(key, name="Before", code=GEAR_CODE)
    r = srv.request(method, f"/api/v1/models/{m['id']}", key, json={"name": "After"})
    assert r.status_code == 200, r.text
    validate(r.json(), "model")
    after = r.json()
    assert (after["id"], after["name"], after["code"]) == (m["id"], "After", GEAR_CODE)
    assert after["created_at"] == m["created_at"] and after["updated_at"] >= m["updated_at"]
    r = srv.request(method, f"/api/v1/models/{m['id']}", key, json={"code": ""})
    assert (r.json()["name"], r.json()["code"]) == ("After", "")
    assert srv.get(f"/api/v1/models/{m['id']}", key).json() == r.json()


def test_update_validates_like_create(srv, key):
    m = srv.create_model(key)
    for body, field in (({"name": ""}, "name"), ({"name": "n" * 201}, "name"),
                        ({"code": 3}, "code"), ({"name": 7}, "name")):
        assert_error(srv.patch(f"/api/v1/models/{m['id']}", key, json=body), 400, field=field)
    assert srv.get(f"/api/v1/models/{m['id']}", key).json() == m


def test_null_members_in_an_update_stay_as_they_are(srv, key):
    m = srv.create_model(key, name="Kept", code=GEAR_CODE)
    r = srv.patch(f"/api/v1/models/{m['id']}", key, json={"name": None, "code": ""})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["code"]) == ("Kept", "")


def test_empty_update_changes_nothing(srv, key):
    m = srv.create_model(key)
    r = srv.patch(f"/api/v1/models/{m['id']}", key, json={})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["code"]) == (m["name"], m["code"])


def test_delete_answers_the_seed_shape_and_the_model_is_gone(srv, key):
    m = srv.create_model(key)
    r = srv.delete(f"/api/v1/models/{m['id']}", key)
    assert r.status_code == 200, r.text
    validate(r.json(), "model-deleted")
    assert r.json() == {"success": True, "message": "Model deleted"}
    assert_error(srv.get(f"/api/v1/models/{m['id']}", key), 404, "not_found")
    assert_error(srv.delete(f"/api/v1/models/{m['id']}", key), 404, "not_found")
    assert srv.get("/api/v1/models", key).json()["total"] == 0


@pytest.mark.parametrize("model_id", ["model_000000000000000000000000", "model_123", "x"])
def test_unknown_model_is_404_for_every_method(srv, key, model_id):
    path = f"/api/v1/models/{model_id}"
    assert_error(srv.get(path, key), 404, "not_found")
    assert_error(srv.patch(path, key, json={"name": "x"}), 404, "not_found")
    assert_error(srv.put(path, key, json={"name": "x"}), 404, "not_found")
    assert_error(srv.delete(path, key), 404, "not_found")


def test_another_keys_model_is_404_and_untouched(srv, key):
    m = srv.create_model(key, name="Private", code=GEAR_CODE)
    other = srv.create_key("models-other")
    path = f"/api/v1/models/{m['id']}"
    assert_error(srv.get(path, other), 404, "not_found")
    assert_error(srv.patch(path, other, json={"name": "stolen"}), 404, "not_found")
    assert_error(srv.put(path, other, json={"code": ""}), 404, "not_found")
    assert_error(srv.delete(path, other), 404, "not_found")
    assert srv.get("/api/v1/models", other).json()["total"] == 0
    assert srv.get(path, key).json() == m
