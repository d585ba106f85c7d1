"""builtin/parametric's code really runs: every family's generated code is evaluated by csg.js
under Node (sandbox/runner.js, the
worker's own sandbox runner) and its bounding box must equal the dimensions the request
stated, within 0.1 mm or 1 %.

Needs PARAMETRIC_DUMP (the parametric_dump binary; ctest sets it) and `npm install --prefix
sandbox --no-audit --no-fund` (the Makefile runs it).
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SANDBOX = REPO / "sandbox"
RUNNER = SANDBOX / "runner.js"

# (request, earlier user turns, expected bounding box size x, y, z in mm)
CORPUS = [
    ("Create a simple cube", [], (10, 10, 10)),
    ("a 1 inch cube", [], (25.4, 25.4, 25.4)),
    ("a 20 x 30 x 5 mm box", [], (20, 30, 5)),
    ("a box 20x30x5mm", [], (20, 30, 5)),
    ("a sphere with radius 5", [], (10, 10, 10)),
    ("a 3 cm ball", [], (30, 30, 30)),
    ("Ø40 cylinder, height 10", [], (40, 40, 10)),
    ("a cylinder with a radius of 5 and a height of 30", [], (10, 10, 30)),
    ("a tube with outer diameter 20 and length 50", [], (20, 20, 50)),
    ("a pipe 30 mm OD, 3 mm wall, 100 mm long", [], (30, 30, 100)),
    ("a cone, base diameter 30, 40 mm tall", [], (30, 30, 40)),
    ("a cone with base diameter 40, top diameter 20 and height 30", [], (40, 40, 30)),
    ("Create a gear with 20 teeth and 40mm diameter", [], (40, 40, 8)),
    ("a gear with 30 teeth, 60 mm diameter, 10 mm thick and an 8 mm bore", [], (60, 60, 10)),
    ("a gear with 13 teeth, 30 mm diameter and a 6 mm bore", [], (30, 30, 6)),
    ("a gear with 6 teeth and 25 mm diameter", [], (25, 25, 5)),
    ("a gear with 7 teeth and 100 mm diameter", [], (100, 100, 20)),
    ("a spur gear, 32 teeth, module 1.5, 10 mm thick", [], (51, 51, 10)),
    ("a gear with 22 teeth, 2 in diameter, 1/4\" thick", [], (50.8, 50.8, 6.35)),
    ("a plate 100x60x5 with 4 holes of 3mm", [], (100, 60, 5)),
    ("an 80 x 50 x 4 mm plate with 6 holes of 5 mm", [], (80, 50, 4)),
    ("a plate 100 x 100 x 5 with 8 M5 holes in a circle", [], (100, 100, 5)),
    ("a 100 x 40 x 3 plate with 5 holes of 4 mm in a row", [], (100, 40, 3)),
    ("a plate 50 x 50 x 2", [], (50, 50, 2)),
    ("a 6 mm thick plate, 150 x 100, with 4 corner holes for M8 bolts", [], (150, 100, 6)),
    ("a washer", [], (20, 20, 2)),
    ("an M8 washer", [], (16, 16, 1.6)),
    ("a washer with outer diameter 30mm, inner diameter 12mm and 3mm thick", [], (30, 30, 3)),
    # Follow-ups: the family and sizes come from the earlier turns.
    ("make the teeth longer", ["Create a gear with 20 teeth and 40mm diameter"], (40, 40, 8)),
    ("make it twice as big", ["Create a gear with 20 teeth and 40mm diameter"], (80, 80, 16)),
    ("change the diameter to 60mm", ["Create a gear with 20 teeth and 40mm diameter"],
     (60, 60, 8)),
    ("add a 5mm bore", ["Create a gear with 20 teeth and 40mm diameter"], (40, 40, 8)),
    ("make it 3 times taller", ["Create a simple cube"], (10, 10, 30)),
    ("use 30 teeth", ["Create a gear with 20 teeth and 40mm diameter"], (40, 40, 8)),
    ("now make it a cylinder", ["a 20 x 30 x 5 mm box"], (20, 20, 5)),
]


def _tool_paths():
    dump = os.environ.get("PARAMETRIC_DUMP")
    if not dump:
        pytest.skip("PARAMETRIC_DUMP is not set: run through ctest, or point it at the "
                    "parametric_dump binary of a build")
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; it is needed to run generated csg.js code")
    if not (SANDBOX / "node_modules" / "csg").is_dir():
        pytest.fail("sandbox/node_modules/csg is missing: run "
                    "`npm install --prefix sandbox --no-audit --no-fund` in the repository root")
    return dump, node


def generate(dump, message, history):
    args = [dump]
    for turn in history:
        args += ["--history", turn]
    args.append(message)
    done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, f"parametric_dump failed: {done.stderr}"
    return done.stdout


def run_csg(node, code):
    """One request to the worker's runner; returns ok, polygons, variable and bbox, or error."""
    # stdin stays open until the answer is read: the runner exits when its input closes.
    with subprocess.Popen([node, str(RUNNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as runner:
        try:
            assert json.loads(runner.stdout.readline()).get("ready"), "runner.js did not start"
            runner.stdin.write(json.dumps({"id": 1, "code": code, "timeout_ms": 60000}) + "\n")
            runner.stdin.flush()
            line = runner.stdout.readline()
        finally:
            runner.stdin.close()
            runner.wait(timeout=120)
    assert line, f"runner.js gave no answer: {runner.stderr.read()}"
    response = json.loads(line)
    if not response["ok"]:
        return {"ok": False, "error": response["error"]["message"]}
    xyz = response["vertices"]
    axes = [xyz[axis::3] for axis in range(3)]
    return {"ok": True, "polygons": response["polygons"], "variable": response.get("variable"),
            "bbox": {"min": [min(a) for a in axes], "max": [max(a) for a in axes]}}


@pytest.mark.parametrize("message,history,size", CORPUS,
                         ids=[" / ".join(h + [m]) for m, h, _ in CORPUS])
def test_generated_code_runs_and_has_the_stated_size(message, history, size):
    dump, node = _tool_paths()
    code = generate(dump, message, history)
    result = run_csg(node, code)
    assert result["ok"], f"the code did not run: {result.get('error')}\n{code}"
    assert result["polygons"] > 0
    assert result["variable"].startswith("my")
    low, high = result["bbox"]["min"], result["bbox"]["max"]
    measured = [high[i] - low[i] for i in range(3)]
    for axis, (got, want) in enumerate(zip(measured, size)):
        tolerance = max(0.1, 0.01 * want)
        assert abs(got - want) <= tolerance, (
            f"{'xyz'[axis]} size {got:.3f} mm, expected {want} mm (bbox {result['bbox']})")


def test_run_csg_reports_code_that_fails():
    _, node = _tool_paths()
    assert run_csg(node, "var broken = ;")["ok"] is False
    assert run_csg(node, "var n = 3;")["ok"] is False
    failed = run_csg(node, "var x = require('fs');")
    assert failed["ok"] is False and "require" in failed["error"]
