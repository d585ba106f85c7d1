"""Code that runs: every answer's code is executed in the sandbox (Node.js runners, csg.js),
measured, repaired through the model when it fails, and downloadable as STL/OBJ.

The fake provider (tests/support/fake_provider) is scripted with POST /_config {"answers": [...]}:
each model call takes the next scripted answer, then the default cube. A hostile answer is queued
once per attempt (1 + repair_attempts), so every repair gets the same code back.
"""

import json
import re
import shutil
import struct
import subprocess
import time

import pytest

from genx3d_harness import assert_error, validate
from provider_harness import FakeProvider, find_fake_provider, remote, write_providers_file

GEAR = "Create a gear with 20 teeth and 40mm diameter"
REPAIRS = 2
ATTEMPTS = 1 + REPAIRS


def answer(code):
    return f"Here you go.\n```javascript\n{code}\n```\n"


GOOD = answer("var part = CSG.cube({center: [0, 0, 0], radius: [5, 5, 5]});")
HOSTILE = {
    "syntax": answer("var a = CSG.cube();\nvar broken = ;"),
    "missing_function": answer("var a = CSG.cube();\nvar t = CSG.torus({radius: 4});"),
    "no_code": "Sorry, I cannot draw that.",
    "endless_loop": answer("var a = CSG.cube();\nwhile (true) {}"),
    "memory_bomb": answer("var a = [];\nfor (;;) a.push(new Array(1e6).fill(1.5));"),
    "require": answer("var fs = require('fs');\nvar a = CSG.cube();"),
    "process": answer("process.exit(1);\nvar a = CSG.cube();"),
    "constructor_escape": answer(
        "var p = this.constructor.constructor('return process')();\np.exit(1);"),
}
EXPECTED_KIND = {
    "syntax": {"syntax"}, "missing_function": {"runtime"}, "no_code": {"no_code"},
    "endless_loop": {"timeout"}, "memory_bomb": {"out_of_memory", "timeout"},
    "require": {"runtime"}, "process": {"runtime"}, "constructor_escape": {"runtime"},
}


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    binary = find_fake_provider()
    if binary is None or not binary.is_file():
        pytest.skip("no fake_provider binary: set FAKE_PROVIDER (ctest does)")
    d = tmp_path_factory.mktemp("fake")
    fp = FakeProvider(binary, d / "fake.log")
    yield fp
    fp.stop()


@pytest.fixture(autouse=True)
def fresh_fake(fake):
    fake.reset()


@pytest.fixture(scope="module")
def srv(module_server_factory, fake, tmp_path_factory):
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    tmp = tmp_path_factory.mktemp("validation")
    path = write_providers_file(tmp / "providers.json",
                                {"fake": remote("openai", fake.http_url + "/v1", "FAKE_KEY")},
                                {"fake/solo": {"provider": "fake", "fallbacks": []}})
    config = {"providers_file": str(path),
              "worker": {"repair_attempts": REPAIRS, "concurrency": 8},
              "sandbox": {"timeout_ms": 1500, "heap_mb": 128, "worker_runners": 2}}
    server = module_server_factory.make(name="validation", config=config,
                                        env={"FAKE_KEY": "sk-anything"})
    server.key = server.create_key("validation")
    return server


def chat(srv, message, model="fake/solo"):
    r = srv.post("/api/v1/chat", srv.key, json={"message": message, "model": model}, timeout=120)
    assert r.status_code == 200, r.text[:1000]
    body = r.json()
    validate(body, "chat-response")
    return body


def test_code_that_runs_is_validated_and_measured(srv, fake):
    body = chat(srv, "a 10 mm cube")
    v = body["validation"]
    assert v["ok"] is True and v["error"] is None
    assert v["polygons"] == 6 and v["triangles"] == 12
    assert v["bounding_box"]["size"] == [10, 10, 10]
    assert v["volume"] == pytest.approx(1000)
    assert v["closed"] is True
    assert [c["met"] for c in v["checks"]] == [True]
    assert len(body["code_attempts"]) == 1 and body["code_attempts"][0]["error"] is None
    assert body["tokens_used"] == 100


def test_an_answer_that_fails_once_is_repaired(srv, fake):
    fake.configure(answers=[HOSTILE["missing_function"]])
    body = chat(srv, "a 10 mm cube")
    assert body["validation"]["ok"] is True
    attempts = body["code_attempts"]
    assert len(attempts) == 2
    first = attempts[0]["error"]
    assert first["kind"] == "runtime" and "CSG.torus is not a function" in first["message"]
    assert first["line"] == 2 and first["column"] >= 1
    assert attempts[1]["error"] is None and attempts[1]["code"] == body["code"]
    assert body["tokens_used"] == 200  # both calls count
    assert body["model_used"] == "fake/solo"
    # The repair went back to the same model with the error (line and column) and the code.
    calls = fake.model_requests()
    assert len(calls) == 2
    repair = calls[1]["body"]["messages"][-1]["content"]
    assert "line 2, column" in repair and "CSG.torus" in repair


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_failing_answer_ends_in_a_failed_validation_and_the_worker_keeps_serving(srv, fake,
                                                                                     name):
    fake.configure(answers=[HOSTILE[name]] * ATTEMPTS)
    body = chat(srv, "a 10 mm cube")
    v = body["validation"]
    assert v["ok"] is False, v
    assert v["error"]["kind"] in EXPECTED_KIND[name], v["error"]
    assert len(body["code_attempts"]) == ATTEMPTS
    assert body["tokens_used"] == 100 * ATTEMPTS
    if name == "syntax":
        assert (v["error"]["line"], v["error"]["column"]) == (2, 14)
    # The same server answers the next request, whose code runs.
    after = chat(srv, "a 10 mm cube")
    assert after["validation"]["ok"] is True
    if body["code"] is not None:
        r = srv.get(f"/api/v1/jobs/{body['id']}/model.stl", srv.key, timeout=60)
        assert_error(r, 422, "code_failed")


def test_the_job_shows_its_phase_while_it_runs(srv, fake):
    fake.configure(latency_ms=1500)
    try:
        r = srv.post("/api/v1/chat", srv.key, json={"message": "a cube", "model": "fake/solo",
                                                      "async": True})
        assert r.status_code == 202
        job_id = r.json()["id"]
        seen = set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            job = srv.job(srv.key, job_id)
            validate(job, "job")
            seen.add(job["phase"])
            if job["status"] == "succeeded":
                break
            time.sleep(0.05)
        assert "generating" in seen and "succeeded" in seen, seen
    finally:
        fake.configure(latency_ms=0)


def admesh_stats(path):
    # ADMesh 0.98.4 prints the 80-byte header without a terminator, so stack bytes follow it
    # (not always UTF-8): read its output leniently, as only the figures below matter.
    out = subprocess.run(["admesh", str(path)], capture_output=True, timeout=60,
                         check=True).stdout.decode("utf-8", errors="replace")
    facets = int(re.search(r"Number of facets\s*:\s*(\d+)", out).group(1))
    bounds = {}
    for axis in "XYZ":
        m = re.search(rf"Min {axis} =\s*(-?[\d.]+), Max {axis} =\s*(-?[\d.]+)", out)
        bounds[axis] = (float(m.group(1)), float(m.group(2)))
    return facets, bounds


@pytest.fixture(scope="module")
def gear_srv(module_server_factory):
    """The built-in gear is ~12,600 triangles of csg.js work (seconds on a busy 2-core machine):
    a server whose timeout is far from it, unlike `srv`'s, which is short for the endless loop."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    server = module_server_factory.make(name="validation-gear",
                                        config={"sandbox": {"timeout_ms": 30000}})
    server.key = server.create_key("gear")
    return server


def test_the_builtin_gear_passes_and_its_stl_matches_validation(gear_srv, tmp_path):
    if shutil.which("admesh") is None:
        pytest.skip("admesh is not installed (scripts/install-deps.sh installs it)")
    srv = gear_srv
    body = chat(srv, GEAR, model="builtin/parametric")
    v = body["validation"]
    assert v["ok"] is True and v["closed"] is True
    assert v["checks"] and all(c["met"] for c in v["checks"]), v["checks"]
    assert v["bounding_box"]["size"][0] == pytest.approx(40, abs=0.1)

    r = srv.get(f"/api/v1/jobs/{body['id']}/model.stl", srv.key, timeout=60)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "model/stl"
    assert r.headers["Content-Disposition"] == f'attachment; filename="{body["id"]}.stl"'
    path = tmp_path / "gear.stl"
    path.write_bytes(r.content)
    assert len(r.content) == 84 + 50 * v["triangles"]
    facets, bounds = admesh_stats(path)
    assert facets == v["triangles"]
    for i, axis in enumerate("XYZ"):
        assert bounds[axis][0] == pytest.approx(v["bounding_box"]["min"][i], abs=1e-3)
        assert bounds[axis][1] == pytest.approx(v["bounding_box"]["max"][i], abs=1e-3)

    obj = srv.get(f"/api/v1/jobs/{body['id']}/model.obj", srv.key, timeout=60)
    assert obj.status_code == 200 and obj.headers["Content-Type"] == "model/obj"
    assert obj.text.count("\nf ") == v["triangles"]

    glb = srv.get(f"/api/v1/jobs/{body['id']}/model.glb", srv.key, timeout=60)
    assert glb.status_code == 200 and glb.headers["Content-Type"] == "model/gltf-binary"
    assert glb.headers["Content-Disposition"] == f'attachment; filename="{body["id"]}.glb"'
    magic, version, length, json_length, kind = struct.unpack_from("<4sIII4s", glb.content)
    assert (magic, version, length, kind) == (b"glTF", 2, len(glb.content), b"JSON")
    gltf = json.loads(glb.content[20:20 + json_length])
    positions, indices = gltf["accessors"]
    assert indices["count"] == 3 * v["triangles"]
    for i in range(3):
        assert positions["min"][i] == pytest.approx(v["bounding_box"]["min"][i], abs=1e-3)
        assert positions["max"][i] == pytest.approx(v["bounding_box"]["max"][i], abs=1e-3)


def test_downloads_of_unknown_or_foreign_jobs_are_404(srv):
    r = srv.get("/api/v1/jobs/chat_000000000000000000000000/model.stl", srv.key)
    assert_error(r, 404)
    body = chat(srv, "a 10 mm cube")
    other = srv.create_key("someone-else")
    assert_error(srv.get(f"/api/v1/jobs/{body['id']}/model.obj", other), 404)


def test_without_a_sandbox_jobs_still_succeed_and_say_why_validation_was_skipped(
        module_server_factory):
    # sandbox.enabled false takes the same path as a machine without Node.js.
    server = module_server_factory.make(name="no-sandbox", config={"sandbox": {"enabled": False}})
    key = server.create_key("no-sandbox")
    body = server.chat(key, GEAR)
    assert body["validation"] == {"ok": None, "skipped": body["validation"]["skipped"]}
    assert "turned off" in body["validation"]["skipped"]
    assert body["code"] and len(body["code_attempts"]) == 1
    r = server.get(f"/api/v1/jobs/{body['id']}/model.stl", key)
    assert_error(r, 503, "sandbox_unavailable")
