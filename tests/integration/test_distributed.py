"""Distributed mode on RabbitMQ: one `genx3d api` and several `genx3d worker` processes, with a
private broker. Each test sends N >= 200 jobs through a fault (a worker killed, the broker
restarted, the API killed) and checks that every accepted job ends in a final state and each
succeeded job has exactly one assistant message in its session's history."""

import json
import time

import pytest

from distributed_harness import (ApiProcess, Broker, WorkerProcess, assert_exactly_once,
                                 count_final, submit_many, wait_all_final, wait_until)
from genx3d_harness import thread_names

N = 200
# Every job is polled until final: far more requests than the default per-key limit allows.
RATE = 1_000_000


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    b = Broker(tmp_path_factory.mktemp("rabbitmq")).start()
    yield b
    b.stop()


class Cluster:
    """An API and workers on one fresh vhost, all stopped at teardown."""

    def __init__(self, binary, broker, tmp_path, worker_config):
        self.binary = binary
        self.broker = broker
        self.tmp = tmp_path
        self.url = broker.vhost()
        # The API declares the same queues as the workers, so it gets the same config: a
        # different broker.delivery_limit would be an inequivalent queue argument.
        self.config = worker_config
        self.config_path = tmp_path / "worker-config.json"
        self.config_path.write_text(json.dumps(worker_config))
        self.api = None
        self.workers = []

    def start_api(self, port=None):
        self.api = ApiProcess(self.binary, self.tmp / "api-data", self.tmp / "api.log",
                              name="api", broker_url=self.url, port=port, config=self.config)
        self.api.start()
        return self.api

    def start_worker(self, concurrency=16):
        w = WorkerProcess(self.binary, self.url, self.tmp / f"worker{len(self.workers)}.log",
                          config_path=self.config_path, concurrency=concurrency,
                          name=f"worker{len(self.workers)}")
        self.workers.append(w)
        return w.start()

    def stop(self):
        for w in self.workers:
            try:
                w.stop()
            except AssertionError:
                pass
        if self.api:
            self.api.stop()

    def _genx3d_logs(self):
        logs = self.api._genx3d_logs() if self.api else []
        for w in self.workers:
            logs += w._genx3d_logs()
        return logs


@pytest.fixture
def cluster_factory(genx3d_bin, broker, tmp_path):
    made = []

    def make(latency_ms=20, delivery_limit=None):
        cfg = {"worker": {"builtin_latency_ms": latency_ms}}
        if delivery_limit:
            cfg["broker"] = {"delivery_limit": delivery_limit}
        directory = tmp_path / f"c{len(made)}"
        directory.mkdir()
        c = Cluster(genx3d_bin, broker, directory, cfg)
        made.append(c)
        return c
    yield make
    for c in made:
        c.stop()


@pytest.fixture
def cluster(cluster_factory):
    return cluster_factory()


def test_one_api_and_three_workers_complete_every_job(cluster):
    api = cluster.start_api()
    for _ in range(3):
        cluster.start_worker()
    key = api.create_key("dist", rate_limit=RATE)
    jobs = submit_many(api, key, N, "three")
    finals = wait_all_final(api, key, jobs)
    assert_exactly_once(api, key, jobs, finals)
    # The work was shared: every worker's log shows it connected and ran jobs.
    for w in cluster.workers:
        assert w.proc.poll() is None, f"{w.name} died:\n{w.log_tail()}"


def test_the_api_and_a_worker_each_name_their_broker_thread(cluster):
    api = cluster.start_api()
    worker = cluster.start_worker()
    for proc in (api.proc, worker.proc):
        wait_until(lambda: "genx3d-amqp" in thread_names(proc.pid), 10,
                   f"a genx3d-amqp thread in {thread_names(proc.pid)}")


def test_a_worker_killed_mid_run_loses_no_job(cluster_factory):
    cluster = cluster_factory(latency_ms=150)
    api = cluster.start_api()
    victim = cluster.start_worker(concurrency=16)
    cluster.start_worker(concurrency=16)
    cluster.start_worker(concurrency=16)
    key = api.create_key("kill-worker", rate_limit=RATE)
    jobs = submit_many(api, key, N, "killw")
    wait_until(lambda: count_final(api, key, jobs[:60]) >= 20, 60, "some jobs to finish")
    victim.kill9()
    finals = wait_all_final(api, key, jobs)
    assert_exactly_once(api, key, jobs, finals)


def test_a_broker_restart_mid_run_loses_no_job(cluster_factory, broker):
    cluster = cluster_factory(latency_ms=50)
    api = cluster.start_api()
    cluster.start_worker()
    cluster.start_worker()
    key = api.create_key("broker-restart", rate_limit=RATE)
    jobs = submit_many(api, key, N // 2, "brk1")
    wait_until(lambda: count_final(api, key, jobs[:40]) >= 10, 60, "some jobs to finish")
    broker.stop_app()
    # Accepted while the broker is down: durable in the store, published on reconnect.
    wait_until(lambda: api.get("/readyz").status_code == 503, 30, "/readyz to report the broker")
    assert api.get("/readyz").json()["checks"]["queue"] == "down"
    jobs += submit_many(api, key, N // 2, "brk2")
    broker.start_app()
    wait_until(lambda: api.get("/readyz").status_code == 200, 60, "/readyz to recover")
    finals = wait_all_final(api, key, jobs)
    assert_exactly_once(api, key, jobs, finals)


def test_the_api_killed_mid_run_then_restarted_loses_no_job(cluster_factory):
    cluster = cluster_factory(latency_ms=100)
    api = cluster.start_api()
    cluster.start_worker()
    cluster.start_worker()
    key = api.create_key("kill-api", rate_limit=RATE)
    jobs = submit_many(api, key, N, "killapi")
    wait_until(lambda: count_final(api, key, jobs[:60]) >= 10, 60, "some jobs to finish")
    api.kill9()
    time.sleep(1.0)  # workers keep finishing jobs; their results wait on the broker
    api.start()
    finals = wait_all_final(api, key, jobs)
    assert_exactly_once(api, key, jobs, finals)


def test_a_worker_stopped_with_sigterm_finishes_its_jobs_and_exits_cleanly(cluster_factory):
    cluster = cluster_factory(latency_ms=300)
    api = cluster.start_api()
    leaving = cluster.start_worker(concurrency=32)
    cluster.start_worker(concurrency=32)
    key = api.create_key("sigterm", rate_limit=RATE)
    jobs = submit_many(api, key, N, "term")
    wait_until(lambda: count_final(api, key, jobs[:60]) >= 10, 60, "some jobs to finish")
    assert leaving.stop(timeout=20) == 0
    finals = wait_all_final(api, key, jobs)
    assert_exactly_once(api, key, jobs, finals)


def test_a_job_that_keeps_killing_its_worker_is_dead_lettered_and_failed(cluster_factory):
    cluster = cluster_factory(latency_ms=60000, delivery_limit=2)
    api = cluster.start_api()
    key = api.create_key("poison", rate_limit=RATE)
    r = api.post("/api/v1/chat", key, json={"message": "Create a cube", "async": True})
    assert r.status_code == 202
    job_id = r.json()["id"]
    # Each worker takes the job and dies with it; the broker counts the deliveries, and each
    # new delivery is recorded as a new attempt.
    def job():
        return api.get(f"/api/v1/jobs/{job_id}", key).json()
    for attempt in range(1, 7):
        worker = cluster.start_worker(concurrency=1)
        try:
            wait_until(lambda: job()["status"] == "failed" or
                       (job()["status"] == "running" and job()["attempts"] >= attempt),
                       20, f"attempt {attempt} to start (or the job to fail)")
        finally:
            worker.kill9()
        if job()["status"] == "failed":
            break
    final = api.wait_final(key, job_id, timeout=30)
    assert final["status"] == "failed", final
    assert final["error"]["code"] == "retries_exhausted", final
    assert "delivered" in final["error"]["message"]
