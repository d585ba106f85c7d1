"""Jobs survive a crash: kill -9 the server while jobs are queued and running, start it again
on the same data dir, and every job finishes exactly once."""

from genx3d_harness import validate

JOBS = 8


def test_jobs_queued_or_running_at_a_crash_all_succeed_exactly_once_after_restart(
        server_factory):
    srv = server_factory.make(name="restart", config={
        # Two at a time and slow: at the kill some jobs are running, the rest queued.
        "worker": {"builtin_latency_ms": 60000, "concurrency": 2}})
    key = srv.create_key("restart")
    submitted = []
    for i in range(JOBS):
        job = srv.chat(key, f"Create a cube with side {i + 10}mm", expect=202,
                       session_id=f"restart-{i}", **{"async": True})
        submitted.append(job)
    states = {srv.job(key, j["id"])["status"] for j in submitted}
    assert states <= {"queued", "running"}, states

    srv.kill9()
    srv.set_config({"worker": {"builtin_latency_ms": 0}})
    srv.start()

    for i, job in enumerate(submitted):
        final = srv.wait_final(key, job["id"], timeout=60)
        assert final["status"] == "succeeded", final
        assert final["created_at"] == job["created_at"]
        assert final["session_id"] == job["session_id"]
        assert final["result"]["code"]
        history = srv.history(key, job["session_id"])
        roles = [m["role"] for m in history["messages"]]
        assert roles == ["user", "assistant"], f"{job['id']}: {roles}"
        assert history["messages"][0]["content"] == f"Create a cube with side {i + 10}mm"
        assert history["messages"][1]["code"] == final["result"]["code"]


def test_a_restart_keeps_keys_sessions_and_models(server_factory):
    srv = server_factory.make(name="restart-data")
    key = srv.create_key("restart-data")
    chat = srv.chat(key, "Create a simple cube")
    model = srv.create_model(key, name="Kept", code=chat["code"])
    assert srv.stop() == 0, "SIGTERM must end the server cleanly (exit 0)"
    srv.start()
    assert srv.history(key, chat["session_id"])["total"] == 2
    r = srv.get(f"/api/v1/models/{model['id']}", key)
    assert r.status_code == 200 and r.json() == model
    job = srv.job(key, chat["id"])
    validate(job["result"], "chat-response")
    assert job["result"] == chat
