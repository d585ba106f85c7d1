"""What an operator sees of a running genx3d process in `top -H`, `ps -L` and perf."""

from genx3d_harness import thread_names


def test_serve_names_its_threads_by_role(server_factory):
    srv = server_factory.make(name="threads", config={"server": {"threads": 3}})
    names = thread_names(srv.proc.pid)
    # The main thread keeps the process's name (ps and pgrep match it) and runs I/O context 0.
    assert "genx3d" in names
    for role in ("genx3d-io1", "genx3d-io2", "genx3d-store", "genx3d-wal"):
        assert role in names, names
