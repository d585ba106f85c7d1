"""Batches, priorities, cancel and Idempotency-Key, end to end, in both modes: embedded
(`genx3d serve`) and RabbitMQ (`genx3d api` + `genx3d worker` on a private broker).

Each mode checks that a batch of >= 2,000 prompts completes with counts that add up and a
result for every custom_id; that interactive chats sent while it drains finish before it does;
that cancelling mid-batch leaves succeeded + failed + cancelled = total and no cancelled job runs
afterwards; and that a replayed Idempotency-Key creates nothing new. The built-in model's
artificial latency makes a batch take a few seconds, so the timing claims are observable."""

import concurrent.futures
import json
import time
import uuid

import pytest

from distributed_harness import ApiProcess, Broker, WorkerProcess
from genx3d_harness import REPO, run_cli, validate

N = 2000
RATE = 1_000_000  # every test polls; the default per-key limit is not what is tested here
TERMINAL = {"completed", "cancelled"}


def worker_config(latency_ms, concurrency):
    return {"worker": {"concurrency": concurrency, "builtin_latency_ms": latency_ms},
            "sandbox": {"enabled": False}}


def jsonl(n, prefix="p"):
    lines = [json.dumps({"custom_id": f"{prefix}-{i}",
                         "message": f"Create a cube with side {10 + i % 50}mm"})
             for i in range(n)]
    return "\n".join(lines) + "\n"


def submit(api, key, body, content_type="application/x-ndjson", headers=None):
    h = {"Content-Type": content_type}
    h.update(headers or {})
    return api.post("/api/v1/chat/batch", key, data=body, headers=h, timeout=120)


def counts_add_up(batch):
    c = batch["request_counts"]
    return c["total"] == c["queued"] + c["running"] + c["succeeded"] + c["failed"] + c["cancelled"]


def wait_batch(api, key, batch_id, timeout=120, until=lambda b: b["status"] in TERMINAL):
    deadline = time.monotonic() + timeout
    while True:
        r = api.get(f"/api/v1/batches/{batch_id}", key, params={"wait": 5}, timeout=30)
        assert r.status_code == 200, r.text
        batch = r.json()
        validate(batch, "batch")
        assert counts_add_up(batch), batch
        if until(batch):
            return batch
        assert time.monotonic() < deadline, f"batch not there after {timeout}s: {batch}"


def results(api, key, batch_id):
    r = api.get(f"/api/v1/batches/{batch_id}/results", key, timeout=120)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/x-ndjson")
    assert r.headers.get("Transfer-Encoding") == "chunked"
    lines = [json.loads(line) for line in r.text.splitlines() if line.strip()]
    for line in lines[:50] + lines[-50:]:
        validate(line, "batch-result-line")
    return lines


def interactive_chats_beat_the_batch(api, key, batch_id, count=5):
    """Sends `count` sync chats while the batch drains; each must answer while the batch still
    has unfinished requests. Returns the chats' latencies."""
    def one(i):
        started = time.monotonic()
        r = api.post("/api/v1/chat", key, json={"message": f"a cylinder {i + 5}mm tall"},
                     timeout=60)
        latency = time.monotonic() - started
        assert r.status_code == 200, r.text
        b = api.get(f"/api/v1/batches/{batch_id}", key).json()
        return latency, b
    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        outcomes = list(pool.map(one, range(count)))
    for latency, batch in outcomes:
        c = batch["request_counts"]
        assert c["queued"] + c["running"] > 0, \
            f"the batch finished before an interactive chat did ({latency:.2f}s): {batch}"
    return [latency for latency, _ in outcomes]


def check_complete_batch(api, key, body_prefix, n):
    r = submit(api, key, jsonl(n, body_prefix))
    assert r.status_code == 202, r.text
    batch = r.json()
    validate(batch, "batch")
    assert r.headers["Location"] == f"/api/v1/batches/{batch['id']}"
    assert batch["request_counts"]["total"] == n
    latencies = interactive_chats_beat_the_batch(api, key, batch["id"])
    done = wait_batch(api, key, batch["id"], timeout=180)
    c = done["request_counts"]
    assert done["status"] == "completed"
    assert c["succeeded"] + c["failed"] + c["cancelled"] == n
    assert c["succeeded"] == n, done
    assert done["finished_at"] is not None
    lines = results(api, key, batch["id"])
    assert len(lines) == n
    assert {line["custom_id"] for line in lines} == {f"{body_prefix}-{i}" for i in range(n)}
    assert all(line["status"] == "succeeded" and line["response"]["code"] for line in lines)
    return latencies


def check_cancel_mid_batch(api, key, n):
    r = submit(api, key, jsonl(n, "c"))
    assert r.status_code == 202, r.text
    batch_id = r.json()["id"]
    wait_batch(api, key, batch_id, until=lambda b: b["request_counts"]["succeeded"] >= 100)
    r = api.post(f"/api/v1/batches/{batch_id}/cancel", key)
    assert r.status_code == 200, r.text
    validate(r.json(), "batch")
    assert r.json()["status"] in {"cancelling", "cancelled"}
    assert r.json()["request_counts"]["queued"] == 0
    done = wait_batch(api, key, batch_id, timeout=60)
    c = done["request_counts"]
    assert done["status"] == "cancelled"
    assert c["succeeded"] + c["failed"] + c["cancelled"] == c["total"] == n
    assert c["cancelled"] > 0 and c["succeeded"] >= 100, done
    # Nothing that was cancelled runs later: the counts stay put, and a cancelled job was never
    # started and added nothing to its session's history.
    time.sleep(1.0)
    again = api.get(f"/api/v1/batches/{batch_id}", key).json()
    assert again["request_counts"] == c
    lines = results(api, key, batch_id)
    assert len(lines) == n
    cancelled = [line for line in lines if line["status"] == "cancelled"]
    assert len(cancelled) == c["cancelled"]
    assert all(line["error"]["code"] == "job_cancelled" for line in cancelled)
    for line in cancelled[:: max(1, len(cancelled) // 25)]:
        job = api.get(f"/api/v1/jobs/{line['job_id']}", key).json()
        assert job["status"] == "cancelled"
        assert job["attempts"] == 0 and job["started_at"] is None, job
        history = api.get("/api/v1/chat/history", key,
                          params={"session_id": job["session_id"]}).json()
        assert history["messages"] == [], history


def check_fair_share(api, big_key, small_key):
    """A key's small batch submitted after another key's big one finishes long before it: the
    batches take turns instead of queueing one behind the other."""
    big = submit(api, big_key, jsonl(N, "big"))
    assert big.status_code == 202, big.text
    small = submit(api, small_key, jsonl(100, "small"))
    assert small.status_code == 202, small.text
    wait_batch(api, small_key, small.json()["id"], timeout=120)
    c = api.get(f"/api/v1/batches/{big.json()['id']}", big_key).json()["request_counts"]
    assert c["queued"] + c["running"] >= N // 4, f"the big batch was not sharing: {c}"
    done = wait_batch(api, big_key, big.json()["id"], timeout=180)
    assert done["request_counts"]["succeeded"] == N


def check_idempotency(api, key):
    idem = {"Idempotency-Key": str(uuid.uuid4())}
    before = api.get("/api/v1/batches", key).json()["total"]
    first = submit(api, key, jsonl(20, "i"), headers=idem)
    assert first.status_code == 202, first.text
    second = submit(api, key, jsonl(20, "i"), headers=idem)
    assert second.status_code == 202, second.text
    assert second.json()["id"] == first.json()["id"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    listing = api.get("/api/v1/batches", key).json()
    validate(listing, "batch-list")
    assert listing["total"] == before + 1
    other = submit(api, key, jsonl(21, "i"), headers=idem)
    assert other.status_code == 422, other.text
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    wait_batch(api, key, first.json()["id"])
    assert wait_batch(api, key, first.json()["id"])["request_counts"]["total"] == 20

    chat_key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"message": "a cube 10mm", "async": True}
    a = api.post("/api/v1/chat", key, json=body, headers=chat_key)
    b = api.post("/api/v1/chat", key, json=body, headers=chat_key)
    assert a.status_code == 202 and b.status_code == 202, (a.text, b.text)
    assert a.json()["id"] == b.json()["id"]
    session = a.json()["session_id"]
    job = api.get(f"/api/v1/jobs/{a.json()['id']}", key, params={"wait": 30}).json()
    assert job["status"] == "succeeded"
    history = api.get("/api/v1/chat/history", key, params={"session_id": session}).json()
    assert [m["role"] for m in history["messages"]] == ["user", "assistant"]


# --- embedded mode


@pytest.fixture
def embedded(server_factory):
    srv = server_factory.make(config=worker_config(latency_ms=20, concurrency=16))
    return srv, srv.create_key("batcher", rate_limit=RATE)


def test_embedded_batch_completes_and_interactive_chats_go_first(embedded):
    api, key = embedded
    latencies = check_complete_batch(api, key, "e", N)
    # An idle system answers in ~latency; allow generous slack for a loaded CI machine.
    assert max(latencies) < 2.0, latencies


def test_embedded_cancel_mid_batch(server_factory):
    srv = server_factory.make(config=worker_config(latency_ms=20, concurrency=8))
    check_cancel_mid_batch(srv, srv.create_key("canceller", rate_limit=RATE), N)


def test_embedded_idempotency_key(embedded):
    check_idempotency(*embedded)


def test_embedded_batches_of_two_keys_share_fairly(embedded):
    api, key = embedded
    check_fair_share(api, key, api.create_key("small", rate_limit=RATE))


def test_embedded_batch_survives_kill_9(embedded):
    """The store is the outbox: a batch accepted before a crash finishes after the restart."""
    api, key = embedded
    r = submit(api, key, jsonl(N, "k"))
    assert r.status_code == 202, r.text
    batch_id = r.json()["id"]
    wait_batch(api, key, batch_id, until=lambda b: b["request_counts"]["succeeded"] >= 200)
    api.kill9()
    api.start()
    done = wait_batch(api, key, batch_id, timeout=120)
    c = done["request_counts"]
    assert done["status"] == "completed" and c["succeeded"] == N, done
    lines = results(api, key, batch_id)
    assert sorted(line["custom_id"] for line in lines) == sorted(f"k-{i}" for i in range(N))


def test_invalid_lines_refuse_the_whole_batch(embedded):
    api, key = embedded
    body = "\n".join([json.dumps({"custom_id": "ok-1", "message": "a cube"}),
                      json.dumps({"custom_id": "no-message"}),
                      "{not json",
                      json.dumps({"custom_id": "ok-1", "message": "duplicate id"}),
                      json.dumps({"custom_id": "bad-model", "message": "x", "model": "gpt-9"})])
    r = submit(api, key, body)
    assert r.status_code == 400, r.text
    validate(r.json(), "error")
    err = r.json()["error"]
    assert err["code"] == "invalid_batch"
    for part in ["line 2", "no-message", "line 3", "line 4", "duplicate custom_id", "bad-model"]:
        assert part in err["message"], err["message"]
    assert api.get("/api/v1/batches", key).json()["total"] == 0
    r = api.post("/api/v1/chat/batch", key, json=[])
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_field"
    too_many = [{"custom_id": str(i), "message": "m"} for i in range(10001)]
    r = api.post("/api/v1/chat/batch", key, json=too_many, timeout=60)
    assert r.status_code == 400 and "10000" in r.json()["error"]["message"]
    # The array and object forms, with metadata and OpenAI-style "body".
    r = api.post("/api/v1/chat/batch", key, json={
        "requests": [{"custom_id": "x", "body": {"message": "a cube"}}],
        "metadata": {"catalogue": "test"}})
    assert r.status_code == 202, r.text
    assert r.json()["metadata"] == {"catalogue": "test"}


def test_another_key_sees_no_batch_and_job_cancel(server_factory):
    srv = server_factory.make(config=worker_config(latency_ms=1500, concurrency=1))
    alice = srv.create_key("alice", rate_limit=RATE)
    bob = srv.create_key("bob", rate_limit=RATE)
    batch = submit(srv, alice, jsonl(3, "a")).json()
    for path in [f"/api/v1/batches/{batch['id']}", f"/api/v1/batches/{batch['id']}/results"]:
        assert srv.get(path, bob).status_code == 404
    assert srv.post(f"/api/v1/batches/{batch['id']}/cancel", bob).status_code == 404
    # One slow worker slot: the first batch request runs, this chat waits queued.
    chat = srv.post("/api/v1/chat", alice, json={"message": "a cube", "async": True}).json()
    assert srv.post(f"/api/v1/jobs/{chat['id']}/cancel", bob).status_code == 404
    r = srv.post(f"/api/v1/jobs/{chat['id']}/cancel", alice)
    assert r.status_code == 200, r.text
    validate(r.json(), "job")
    assert r.json()["status"] == "cancelled"
    srv.post(f"/api/v1/batches/{batch['id']}/cancel", alice)
    done = wait_batch(srv, alice, batch["id"], timeout=30)
    assert done["status"] == "cancelled"
    job = srv.get(f"/api/v1/jobs/{chat['id']}", alice).json()
    assert job["status"] == "cancelled" and job["attempts"] == 0
    r = srv.post(f"/api/v1/jobs/{chat['id']}/cancel", alice)
    assert r.status_code == 200


def test_cli_chat_and_batch_submit_with_progress(embedded, tmp_path):
    api, key = embedded
    env = {"GENX3D_URL": api.base_url, "GENX3D_API_KEY": key}
    chat = run_cli(api.binary, "chat", "Create a gear with 20 teeth and 40mm diameter", env=env)
    assert "CSG" in chat.stdout, chat.stdout
    assert "session: " in chat.stderr
    session = chat.stderr.split("session: ")[1].split()[0]
    again = run_cli(api.binary, "chat", "make it 50mm", "--session", session, env=env)
    assert again.stdout.strip()
    history = api.get("/api/v1/chat/history", key, params={"session_id": session}).json()
    assert len(history["messages"]) == 4

    prompts = tmp_path / "prompts.txt"
    prompts.write_text("\n".join(f"a cube with side {i + 1}mm" for i in range(300)) + "\n\n")
    out = tmp_path / "results.jsonl"
    # stderr is a pipe here, not a terminal: plain progress lines, no carriage returns.
    proc = run_cli(api.binary, "batch", "submit", prompts, "--out", out, env=env, timeout=120)
    batch_id = proc.stdout.strip()
    assert batch_id.startswith("batch_"), proc.stdout
    assert "progress: [" in proc.stderr and "\r" not in proc.stderr, proc.stderr
    assert "300/300" in proc.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["custom_id"] for line in lines) == sorted(f"line-{i + 1}" for i in range(300))
    sample = REPO / "deploy" / "prompts.sample.jsonl"
    proc = run_cli(api.binary, "batch", "submit", sample, "--wait", env=env, timeout=60)
    assert "completed" in proc.stderr, proc.stderr
    bad = run_cli(api.binary, "chat", "a cube", env={"GENX3D_URL": api.base_url,
                                                     "GENX3D_API_KEY": "gx3d_wrong"}, check=False)
    assert bad.returncode == 1 and "Invalid API key" in bad.stderr, bad.stderr


# --- RabbitMQ mode


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    b = Broker(tmp_path_factory.mktemp("rabbitmq")).start()
    yield b
    b.stop()


@pytest.fixture
def cluster(genx3d_bin, broker, tmp_path):
    url = broker.vhost()
    config = worker_config(latency_ms=20, concurrency=8)
    config["broker"] = {"batch_window": 64}  # read by the API only; small to show the sharing
    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps(config))
    api = ApiProcess(genx3d_bin, tmp_path / "api-data", tmp_path / "api.log", name="api",
                     broker_url=url, config=config)
    workers = [WorkerProcess(genx3d_bin, url, tmp_path / f"worker{i}.log",
                             config_path=config_path, concurrency=8, name=f"worker{i}")
               for i in range(2)]
    api.start()
    for w in workers:
        w.start()
    key = api.create_key("batcher", rate_limit=RATE)

    class Cluster:
        def _genx3d_logs(self):
            out = api._genx3d_logs()
            for w in workers:
                out += w._genx3d_logs()
            return out
    c = Cluster()
    c.api, c.key, c.workers = api, key, workers
    yield c
    for w in workers:
        try:
            w.stop()
        except AssertionError:
            pass
    api.stop()


def test_rabbitmq_batch_completes_and_interactive_chats_go_first(cluster):
    latencies = check_complete_batch(cluster.api, cluster.key, "r", N)
    assert max(latencies) < 3.0, latencies


def test_rabbitmq_cancel_mid_batch(cluster):
    check_cancel_mid_batch(cluster.api, cluster.key, N)


def test_rabbitmq_idempotency_key(cluster):
    check_idempotency(cluster.api, cluster.key)


def test_rabbitmq_batches_of_two_keys_share_fairly(cluster):
    check_fair_share(cluster.api, cluster.key, cluster.api.create_key("small", rate_limit=RATE))
