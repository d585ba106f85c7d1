"""The seed document's own client code (Python and JavaScript), unchanged, works against genx3d."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from genx3d_harness import validate
from seed_client import GenX3DChat

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory.make(name="seed")


@pytest.fixture(scope="module")
def key(srv):
    return srv.create_key("seed-client")


def assert_cube_turn(response, history):
    validate(response, "chat-response")
    assert response["code"], "a cube request must come back with code"
    assert "CSG.cube" in response["code"]
    validate(history, "history")
    assert history["total"] == 2
    assert [m["role"] for m in history["messages"]] == ["user", "assistant"]
    user, assistant = history["messages"]
    assert user["content"] == "Create a simple cube"
    assert "code" not in user
    assert assistant["code"] == response["code"]
    assert assistant["content"] == response["message"]


def test_seed_python_client_gets_a_cube_and_its_history(srv, key):
    chat = GenX3DChat(key, base_url=f"{srv.base_url}/api/v1")
    response = chat.send_message("Create a simple cube")
    history = chat.get_history(response["session_id"])
    assert_cube_turn(response, history)


def test_seed_python_client_error_handling_sees_the_error_shape(srv):
    # The seed's "Error Handling" example checks `"error" in response`.
    chat = GenX3DChat("gx3d_" + "0" * 40, base_url=f"{srv.base_url}/api/v1")
    response = chat.send_message("Create a cube")
    validate(response, "error")
    assert response["error"]["code"] == "invalid_api_key"


def test_seed_javascript_client_gets_a_cube_and_its_history(srv, key):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    proc = subprocess.run([node, str(HERE / "seed_client.js"), key, f"{srv.base_url}/api/v1",
                           "Create a simple cube"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"node failed:\n{proc.stdout}\n{proc.stderr}"
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert_cube_turn(out["response"], out["history"])
