"""GET /api/v1/ai-models lists the seed's four models and builtin/parametric; without provider
keys every seed model is served by builtin/parametric."""

import pytest

from genx3d_harness import validate

SEED_MODELS = ["gpt-4o", "gpt-4o-mini", "anthropic/claude-3.5-sonnet", "local/llama-3.1-8b"]


@pytest.fixture(scope="module")
def listing(module_server_factory):
    srv = module_server_factory.make(name="ai-models")
    key = srv.create_key("ai-models")
    r = srv.get("/api/v1/ai-models", key)
    assert r.status_code == 200, r.text
    validate(r.json(), "ai-models")
    return r.json()


def by_id(listing):
    return {m["id"]: m for m in listing["ai_models"]}


def test_default_model_is_gpt_4o_mini(listing):
    assert listing["default_model"] == "gpt-4o-mini"
    assert "gpt-4o-mini" in by_id(listing)


def test_lists_the_seed_models_and_builtin_once_each(listing):
    ids = [m["id"] for m in listing["ai_models"]]
    assert len(ids) == len(set(ids))
    assert set(SEED_MODELS + ["builtin/parametric"]) <= set(ids)


@pytest.mark.parametrize("model", SEED_MODELS)
def test_seed_model_is_available_through_builtin(listing, model):
    m = by_id(listing)[model]
    assert m["available"] is True
    assert m["served_by"] == "builtin/parametric"
    assert "builtin/parametric" in m["fallbacks"]
    assert m["provider"] != "builtin"
    assert m["description"]


def test_builtin_serves_itself(listing):
    m = by_id(listing)["builtin/parametric"]
    assert m["available"] is True and m["served_by"] == "builtin/parametric"
    assert m["provider"] == "builtin"
    assert m["fallbacks"] == []


def test_default_model_follows_config(server_factory):
    srv = server_factory.make(name="ai-default", config={
        "chat": {"default_model": "builtin/parametric"}})
    key = srv.create_key("ai-default")
    assert srv.get("/api/v1/ai-models", key).json()["default_model"] == "builtin/parametric"
    job = srv.chat(key, "Create a simple cube", expect=202, **{"async": True})
    assert job["model"] == "builtin/parametric"
