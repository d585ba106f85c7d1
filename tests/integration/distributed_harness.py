"""Distributed mode for the integration tests: a private RabbitMQ node (tests/support/rabbitmq.sh)
with a fresh virtual host per test, `genx3d api` and `genx3d worker` processes, and the checks
that every accepted job ended exactly once."""

import concurrent.futures
import subprocess
import time
import uuid
from pathlib import Path

from genx3d_harness import FINAL_STATES, REPO, Server

RABBITMQ_SH = REPO / "tests" / "support" / "rabbitmq.sh"


class Broker:
    """One private RabbitMQ node; `vhost()` gives each test a clean, empty namespace."""

    def __init__(self, state_dir):
        self.dir = Path(state_dir)

    def start(self):
        subprocess.run([str(RABBITMQ_SH), "start", str(self.dir)], check=True, timeout=120)
        self.base_url = (self.dir / "url").read_text().strip()
        return self

    def stop(self):
        subprocess.run([str(RABBITMQ_SH), "stop", str(self.dir)], timeout=60)

    def ctl(self, *args, timeout=60):
        return subprocess.run([str(RABBITMQ_SH), "ctl", str(self.dir), *args], check=True,
                              capture_output=True, text=True, timeout=timeout)

    def vhost(self):
        name = "t" + uuid.uuid4().hex[:12]
        self.ctl("add_vhost", name)
        self.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return self.base_url.rstrip("/") + "/" + name

    def stop_app(self):
        self.ctl("stop_app")

    def start_app(self):
        self.ctl("start_app")
        self.ctl("await_startup")


class ApiProcess(Server):
    """`genx3d api --broker URL`: a Server whose command is `api`."""

    def __init__(self, *args, broker_url, **kw):
        super().__init__(*args, **kw)
        self.broker_url = broker_url

    def command(self):
        cmd = super().command()
        cmd[1] = "api"
        return cmd + ["--broker", self.broker_url]


class WorkerProcess:
    """`genx3d worker --broker URL`: no HTTP; alive means running."""

    def __init__(self, binary, broker_url, log_path, config_path=None, concurrency=16,
                 name="worker"):
        self.binary = binary
        self.broker_url = broker_url
        self.log_path = Path(log_path)
        self.config_path = config_path
        self.concurrency = concurrency
        self.name = name
        self.proc = None

    def start(self):
        cmd = [str(self.binary), "worker", "--broker", self.broker_url,
               "--concurrency", str(self.concurrency)]
        if self.config_path:
            cmd += ["--config", str(self.config_path)]
        log = open(self.log_path, "ab")
        log.write(f"\n==== start: {' '.join(cmd)}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited {self.proc.returncode}:\n"
                                     f"{self.log_tail()}")
            if "amqp[worker]: connected" in self.log_text():
                return self
            time.sleep(0.05)
        raise AssertionError(f"{self.name} did not connect to the broker:\n{self.log_tail()}")

    def stop(self, timeout=20):
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.terminate()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            raise AssertionError(f"{self.name} ignored SIGTERM for {timeout}s")

    def kill9(self):
        self.proc.kill()
        self.proc.wait(5)

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines=100):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def _genx3d_logs(self):
        return [(f"{self.name} log ({self.log_path})", self.log_tail())]


def submit_many(api, key, count, prefix):
    """Submits `count` async chats, each in its own session; returns their job objects."""
    def one(i):
        r = api.post("/api/v1/chat", key, json={
            "message": f"Create a cube with side {10 + i % 50}mm", "async": True,
            "session_id": f"{prefix}-{i}"}, timeout=60)
        assert r.status_code == 202, r.text
        return r.json()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        return list(pool.map(one, range(count)))


def wait_all_final(api, key, jobs, timeout=180):
    """Polls until every job is final; returns {id: job}."""
    deadline = time.monotonic() + timeout
    pending = {j["id"] for j in jobs}
    finals = {}
    while pending and time.monotonic() < deadline:
        for job_id in list(pending):
            r = api.get(f"/api/v1/jobs/{job_id}", key, timeout=30)
            if r.status_code == 200 and r.json()["status"] in FINAL_STATES:
                finals[job_id] = r.json()
                pending.discard(job_id)
        if pending:
            time.sleep(0.2)
    assert not pending, f"{len(pending)} jobs not final after {timeout}s, e.g. {sorted(pending)[:3]}"
    return finals


def assert_exactly_once(api, key, jobs, finals):
    """Every job succeeded and its session holds exactly its user and assistant message."""
    failed = [f for f in finals.values() if f["status"] != "succeeded"]
    assert not failed, f"{len(failed)} jobs did not succeed, e.g. {failed[:2]}"
    def check(job):
        r = api.get("/api/v1/chat/history", key, params={"session_id": job["session_id"]})
        assert r.status_code == 200, r.text
        roles = [m["role"] for m in r.json()["messages"]]
        assert roles == ["user", "assistant"], f"{job['id']}: history roles {roles}"
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(check, jobs))


def count_final(api, key, jobs):
    n = 0
    for j in jobs:
        r = api.get(f"/api/v1/jobs/{j['id']}", key)
        if r.status_code == 200 and r.json()["status"] in FINAL_STATES:
            n += 1
    return n


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
