"""pytest fixtures for the genx3d integration tests.

ctest runs each test_*.py as `python3 -m pytest -q -x FILE` with GENX3D_BIN (the binary) and
GENX3D_SCHEMAS (the schemas folder). Run by hand: GENX3D_BIN=build/genx3d python3 -m pytest -q
tests/integration. When a test fails, the tail of every server log it used is attached to the
report.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genx3d_harness import Server, find_binary, raise_fd_limit  # noqa: E402

raise_fd_limit()


class ServerFactory:
    """Makes Servers in a temporary folder and stops them all at teardown."""

    def __init__(self, binary, base_dir):
        self.binary = binary
        self.base_dir = Path(base_dir)
        self.servers = []

    def make(self, config=None, name=None, start=True, env=None, extra_args=(), data_dir=None,
             port=None, pass_flags=True):
        name = name or f"server{len(self.servers) + 1}"
        srv = Server(self.binary, data_dir or (self.base_dir / f"{name}-data"),
                     self.base_dir / f"{name}.log", config=config, port=port, name=name,
                     env=env, extra_args=extra_args, pass_flags=pass_flags)
        self.servers.append(srv)
        if start:
            srv.start()
        return srv

    def stop_all(self):
        problems = []
        for srv in self.servers:
            try:
                srv.stop()
            except AssertionError as e:
                problems.append(str(e))
        self.servers.clear()
        if problems:
            raise AssertionError("\n".join(problems))

    def _genx3d_logs(self):
        out = []
        for srv in self.servers:
            out += srv._genx3d_logs()
        return out


@pytest.fixture(scope="session")
def genx3d_bin():
    binary = find_binary()
    if binary is None:
        pytest.skip("no genx3d binary: set GENX3D_BIN (ctest does)")
    if not binary.is_file():
        pytest.fail(f"GENX3D_BIN={binary} does not exist")
    return binary


@pytest.fixture
def server_factory(genx3d_bin, tmp_path):
    """Per-test servers: server_factory.make(config={...}) starts one and waits for /healthz."""
    factory = ServerFactory(genx3d_bin, tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="module")
def module_server_factory(genx3d_bin, tmp_path_factory):
    """Servers shared by the tests of one module (cheaper when the tests do not interfere)."""
    factory = ServerFactory(genx3d_bin, tmp_path_factory.mktemp("genx3d"))
    yield factory
    factory.stop_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    seen = set()
    for value in getattr(item, "funcargs", {}).values():
        logs = getattr(value, "_genx3d_logs", None)
        if logs is None:
            continue
        for title, text in logs():
            if title not in seen:
                seen.add(title)
                rep.sections.append((title, text or "(empty)"))
