"""The schemas folder is one consistent truth: valid JSON Schemas, an OpenAPI 3.1 document whose
references all resolve and whose examples match their schemas, strict response schemas, and a
job state diagram that matches common/job_state.cpp. Needs no server."""

import json
import re

import jsonschema
import pytest
import yaml

from genx3d_harness import REPO, schemas_dir, validate

SCHEMAS = schemas_dir()
BODY_SCHEMAS = ["chat-request", "chat-response", "job", "history", "history-cleared", "model",
                "model-list", "model-create", "model-update", "model-deleted", "ai-models",
                "error", "health", "ready", "batch", "batch-list", "batch-request",
                "batch-result-line"]
# (path, method) of every route in the contract.
ROUTES = [("/healthz", "get"), ("/readyz", "get"), ("/api/v1/chat", "post"),
          ("/api/v1/jobs/{id}", "get"), ("/api/v1/chat/history", "get"),
          ("/api/v1/chat/history", "delete"), ("/api/v1/models", "get"),
          ("/api/v1/models", "post"), ("/api/v1/models/{id}", "get"),
          ("/api/v1/models/{id}", "patch"), ("/api/v1/models/{id}", "put"),
          ("/api/v1/models/{id}", "delete"), ("/api/v1/ai-models", "get"),
          ("/api/v1/jobs/{id}/cancel", "post"), ("/api/v1/chat/batch", "post"),
          ("/api/v1/batches", "get"), ("/api/v1/batches/{id}", "get"),
          ("/api/v1/batches/{id}/results", "get"), ("/api/v1/batches/{id}/cancel", "post")]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def openapi():
    return yaml.safe_load((SCHEMAS / "openapi.yaml").read_text())


@pytest.fixture(scope="module")
def store():
    return {p.resolve().as_uri(): json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}


def walk(node, path=()):
    """Yields (path, dict) for every mapping in a YAML/JSON tree."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def resolve_pointer(doc, pointer):
    node = doc
    for part in pointer.lstrip("/").split("/"):
        if part == "":
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def openapi_validator(schema, store):
    base = (SCHEMAS / "openapi.yaml").resolve().as_uri()
    resolver = jsonschema.RefResolver(base_uri=base, referrer=schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


@pytest.mark.parametrize("name", BODY_SCHEMAS)
def test_every_body_has_a_valid_draft_2020_12_schema(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_schema_file_validates_its_own_examples():
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        name = path.name[: -len(".schema.json")]
        for example in json.loads(path.read_text()).get("examples", []):
            validate(example, name)


def test_openapi_is_3_1_and_describes_every_route(openapi):
    assert str(openapi["openapi"]).startswith("3.1")
    for path, method in ROUTES:
        assert method in openapi["paths"].get(path, {}), f"{method.upper()} {path} missing"


def test_every_openapi_reference_resolves(openapi, store):
    refs = [(p, node["$ref"]) for p, node in walk(openapi) if "$ref" in node]
    assert refs
    for where, ref in refs:
        file_part, _, fragment = ref.partition("#")
        if file_part:
            uri = (SCHEMAS / file_part).resolve().as_uri()
            assert uri in store, f"{'/'.join(map(str, where))}: {ref} names no schema file"
            doc = store[uri]
        else:
            doc = openapi
        try:
            resolve_pointer(doc, fragment)
        except (KeyError, IndexError) as e:
            raise AssertionError(f"{'/'.join(map(str, where))}: {ref} does not resolve") from e


def test_every_body_schema_is_referenced_by_openapi(openapi):
    text = (SCHEMAS / "openapi.yaml").read_text()
    for name in BODY_SCHEMAS:
        assert f"./{name}.schema.json" in text, f"openapi.yaml does not reference {name}"


def test_every_openapi_example_matches_its_schema(openapi, store):
    checked = 0
    for where, node in walk(openapi):
        if "schema" not in node or not isinstance(node["schema"], dict):
            continue
        examples = []
        if "example" in node:
            examples.append(node["example"])
        for ex in (node.get("examples") or {}).values():
            examples.append(ex["value"])
        if not examples:
            continue
        v = openapi_validator(node["schema"], store)
        for example in examples:
            errors = list(v.iter_errors(example))
            assert not errors, f"{'/'.join(map(str, where))}: {errors[0].message}"
            checked += 1
    assert checked >= 20


def test_every_operation_documents_its_errors_with_the_error_schema(openapi):
    for path, item in openapi["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            codes = set(op["responses"])
            if path.startswith("/api/v1"):
                assert {"401", "429", "500"} <= codes, f"{method.upper()} {path}: {codes}"


def test_job_state_diagram_matches_job_state_cpp():
    cpp = (REPO / "common" / "job_state.cpp").read_text()
    body = cpp[cpp.index("is_allowed_transition"):]
    code_edges = set()
    for m in re.finditer(r"case JobState::(\w+):(.*?)(?=case JobState::|default:)", body, re.S):
        for to in re.findall(r"to == JobState::(\w+)", m.group(2)):
            code_edges.add((m.group(1), to))
    assert code_edges, "could not read the transitions from job_state.cpp"
    doc = (SCHEMAS / "job-states.md").read_text()
    diagram = doc[doc.index("stateDiagram-v2"):doc.index("```", doc.index("stateDiagram-v2"))]
    doc_edges = set(re.findall(r"^\s*(\w+) --> (\w+)", diagram, re.M))
    assert doc_edges == code_edges
    for state in ("queued", "running", "succeeded", "failed", "cancelled"):
        assert re.search(rf"^\| `{state}` \|", doc, re.M), f"no table row for {state}"


GOOD_RESPONSE = {
    "id": "chat_0123456789abcdef01234567", "message": "Here is a cube:",
    "code": "var c = CSG.cube();", "timestamp": "2024-01-15T10:30:00Z",
    "session_id": "session_0123456789abcdef01234567", "model_used": "builtin/parametric",
    "tokens_used": 12, "warnings": [],
}


@pytest.mark.parametrize("change", [
    {"extra": 1},
    {"timestamp": "2024-01-15T10:30:00.123Z"},
    {"timestamp": "2024-01-15T10:30:00+00:00"},
    {"timestamp": "2024-01-15 10:30:00Z"},
    {"id": "chat_123"},
    {"id": "job_0123456789abcdef01234567"},
    {"tokens_used": 1.5},
    {"session_id": "has space"},
    {"warnings": None},
])
def test_chat_response_schema_rejects_what_the_contract_forbids(change):
    with pytest.raises(AssertionError):
        validate({**GOOD_RESPONSE, **change}, "chat-response")
    validate(GOOD_RESPONSE, "chat-response")


def test_job_schema_ties_result_and_error_to_the_status():
    job = {"id": "chat_0123456789abcdef01234567", "object": "chat.job", "status": "succeeded",
           "session_id": "s1", "model": "gpt-4o", "created_at": "2024-01-15T10:30:00Z",
           "started_at": "2024-01-15T10:30:00Z", "finished_at": "2024-01-15T10:30:01Z",
           "attempts": 1, "result": GOOD_RESPONSE, "error": None}
    validate(job, "job")
    for bad in ({"result": None}, {"finished_at": None}, {"status": "running"},
                {"status": "failed"},
                {"error": {"message": "x", "type": "provider_error", "code": "provider_error"}}):
        with pytest.raises(AssertionError):
            validate({**job, **bad}, "job")


def test_error_schema_rejects_stray_fields_and_unknown_types():
    good = {"error": {"message": "m", "type": "not_found_error", "code": "not_found"}}
    validate(good, "error")
    for bad in ({**good, "status": 404},
                {"error": {**good["error"], "param": "x"}},
                {"error": {**good["error"], "type": "oops"}},
                {"error": {"message": "m", "type": "not_found_error"}}):
        with pytest.raises(AssertionError):
            validate(bad, "error")


def test_history_schema_forbids_code_on_user_messages():
    msg = {"id": "msg_0123456789abcdef01234567", "role": "user", "content": "hi",
           "timestamp": "2024-01-15T10:30:00Z"}
    validate({"messages": [msg], "total": 1, "has_more": False}, "history")
    with pytest.raises(AssertionError):
        validate({"messages": [{**msg, "code": "x"}], "total": 1, "has_more": False}, "history")
