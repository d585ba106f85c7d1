"""Starts real genx3d processes for the integration tests and checks their answers.

A Server owns one `genx3d serve` subprocess: a free port, a data dir, an optional config file,
and a log file that receives its stdout and stderr. Bodies are checked against the JSON Schemas
in $GENX3D_SCHEMAS (the same files openapi.yaml references) with `validate`.
"""

import json
import os
import re
import resource
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

KEY_RE = re.compile(r"^gx3d_[0-9A-Za-z]{40}$")
KEY_ID_RE = re.compile(r"key_[0-9a-f]+")
CHAT_ID_RE = re.compile(r"^chat_[0-9a-f]{24}$")
FINAL_STATES = {"succeeded", "failed", "cancelled"}

# The error type every status must carry (contract, "Errors").
ERROR_TYPE_BY_STATUS = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    405: "invalid_request_error",
    408: "invalid_request_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    431: "invalid_request_error",
    429: "rate_limit_error",
    500: "internal_error",
    502: "provider_error",
    503: "service_unavailable",
}


def raise_fd_limit():
    """Lets this process and the servers it starts hold a few thousand sockets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 16384 if hard == resource.RLIM_INFINITY else min(hard, 16384)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def thread_names(pid):
    """The names of a process's threads, as /proc holds them."""
    return sorted((t / "comm").read_text().strip() for t in Path(f"/proc/{pid}/task").iterdir())


def find_binary():
    """$GENX3D_BIN (set by ctest), else a genx3d in one of the tree's build folders."""
    env = os.environ.get("GENX3D_BIN")
    if env:
        return Path(env)
    candidates = sorted(REPO.glob("build*/genx3d"), key=lambda p: p.stat().st_mtime, reverse=True)
    return candidates[0] if candidates else None


def schemas_dir():
    return Path(os.environ.get("GENX3D_SCHEMAS") or (REPO / "schemas"))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(binary, *args, env=None, timeout=30, check=True):
    """Runs `genx3d ARGS`; returns the CompletedProcess (text mode)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                          env=full_env, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"genx3d {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def create_key(binary, data_dir, name, rate_limit=None):
    """`genx3d keys create`; the key is alone on the last line of stdout."""
    args = ["keys", "create", "--name", name, "--data-dir", data_dir]
    if rate_limit is not None:
        args += ["--rate-limit", rate_limit]
    proc = run_cli(binary, *args)
    lines = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
    assert lines, f"keys create printed nothing; stderr:\n{proc.stderr}"
    key = lines[-1]
    assert KEY_RE.match(key), f"last stdout line of keys create is not a key: {key!r}"
    return key


def key_id_for(binary, data_dir, name):
    """The key_… id of the key called `name`, read from `keys list`."""
    out = run_cli(binary, "keys", "list", "--data-dir", data_dir).stdout
    for line in out.splitlines():
        if re.search(rf"(^|\s){re.escape(name)}(\s|$)", line):
            m = KEY_ID_RE.search(line)
            if m:
                return m.group(0)
    raise AssertionError(f"no key named {name!r} with an id in `keys list`:\n{out}")


class Server:
    """One `genx3d serve` process. Not thread-safe to start/stop; requests are fine."""

    def __init__(self, binary, data_dir, log_path, config=None, port=None, name="genx3d",
                 env=None, extra_args=(), pass_flags=True):
        self.binary = Path(binary)
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = Path(log_path)
        self.name = name
        self.port = port or free_port()
        self.env = env or {}
        self.extra_args = list(extra_args)
        # False: start `genx3d serve EXTRA_ARGS` alone (env or config must say port, data dir).
        self.pass_flags = pass_flags
        self.config_path = None
        if config is not None:
            self.set_config(config)
        self.proc = None
        self.http = requests.Session()

    # --- process control

    def set_config(self, config):
        self.config_path = self.data_dir.parent / f"{self.name}-config.json"
        self.config_path.write_text(json.dumps(config, indent=2))

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        if not self.pass_flags:
            return [str(self.binary), "serve", *self.extra_args]
        cmd = [str(self.binary), "serve", "--data-dir", str(self.data_dir),
               "--host", "127.0.0.1", "--port", str(self.port)]
        if self.config_path:
            cmd += ["--config", str(self.config_path)]
        return cmd + self.extra_args

    def start(self, timeout=15):
        assert self.proc is None or self.proc.poll() is not None, "already running"
        raise_fd_limit()
        env = dict(os.environ)
        env.update(self.env)
        log = open(self.log_path, "ab")
        log.write(f"\n==== start: {' '.join(self.command())}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env)
        log.close()
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout=15):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode} during "
                                     f"startup; log:\n{self.log_tail()}")
            try:
                r = requests.get(self.base_url + "/healthz", timeout=1)
                if r.status_code == 200:
                    return
                last = f"status {r.status_code}"
            except requests.RequestException as e:
                last = repr(e)
            time.sleep(0.05)
        raise AssertionError(f"{self.name} did not answer /healthz within {timeout}s ({last}); "
                             f"log:\n{self.log_tail()}")

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after `timeout`; returns the exit code."""
        self.http.close()
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            raise AssertionError(f"{self.name} ignored SIGTERM for {timeout}s; killed")

    def kill9(self):
        self.http.close()
        self.proc.kill()
        self.proc.wait(5)
        self.http = requests.Session()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines=200):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def _genx3d_logs(self):
        return [(f"{self.name} log ({self.log_path})", self.log_tail())]

    # --- CLI against this server's data dir

    def create_key(self, name, rate_limit=None):
        return create_key(self.binary, self.data_dir, name, rate_limit)

    # --- HTTP

    def request(self, method, path, key=None, headers=None, timeout=30, **kwargs):
        h = {}
        if key is not None:
            h["Authorization"] = f"Bearer {key}"
        h.update(headers or {})
        return self.http.request(method, urljoin(self.base_url, path), headers=h,
                                 timeout=timeout, **kwargs)

    def get(self, path, key=None, **kw):
        return self.request("GET", path, key, **kw)

    def post(self, path, key=None, **kw):
        return self.request("POST", path, key, **kw)

    def patch(self, path, key=None, **kw):
        return self.request("PATCH", path, key, **kw)

    def put(self, path, key=None, **kw):
        return self.request("PUT", path, key, **kw)

    def delete(self, path, key=None, **kw):
        return self.request("DELETE", path, key, **kw)

    def healthy(self):
        try:
            return requests.get(self.base_url + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    # --- common API steps

    def chat(self, key, message, expect=200, headers=None, **fields):
        """POST /api/v1/chat; asserts the status and the body's schema; returns the body."""
        r = self.post("/api/v1/chat", key, json={"message": message, **fields}, headers=headers,
                      timeout=150)
        assert r.status_code == expect, f"chat -> {r.status_code}: {r.text}"
        if expect == 200:
            validate(r.json(), "chat-response")
        elif expect == 202:
            validate(r.json(), "job")
        else:
            validate(r.json(), "error")
        return r.json()

    def job(self, key, job_id, wait=0):
        r = self.get(f"/api/v1/jobs/{job_id}", key, params={"wait": wait}, timeout=wait + 30)
        assert r.status_code == 200, f"GET job -> {r.status_code}: {r.text}"
        body = r.json()
        validate(body, "job")
        return body

    def wait_final(self, key, job_id, timeout=60):
        """Long-polls until the job is final (or the bound passes); returns the job."""
        deadline = time.monotonic() + timeout
        while True:
            left = int(deadline - time.monotonic())
            body = self.job(key, job_id, wait=max(0, min(30, left)))
            if body["status"] in FINAL_STATES or left <= 0:
                return body

    def history(self, key, session_id, **params):
        r = self.get("/api/v1/chat/history", key, params={"session_id": session_id, **params})
        assert r.status_code == 200, f"history -> {r.status_code}: {r.text}"
        validate(r.json(), "history")
        return r.json()

    def create_model(self, key, name="Part", code="var c = CSG.cube({radius: [1, 1, 1]});"):
        r = self.post("/api/v1/models", key, json={"name": name, "code": code})
        assert r.status_code == 201, f"POST models -> {r.status_code}: {r.text}"
        validate(r.json(), "model")
        return r.json()


# --- schemas

_validators = {}


def _schema_store(directory):
    store = {}
    for path in sorted(directory.glob("*.schema.json")):
        store[path.resolve().as_uri()] = json.loads(path.read_text())
    return store


def validator_for(name, directory=None):
    """A Draft 2020-12 validator for <directory>/<name>.schema.json whose relative $refs resolve
    among the files of that directory (no network)."""
    directory = Path(directory or schemas_dir()).resolve()
    cache_key = (str(directory), name)
    if cache_key not in _validators:
        store = _schema_store(directory)
        uri = (directory / f"{name}.schema.json").as_uri()
        if uri not in store:
            raise AssertionError(f"no schema {name}.schema.json in {directory}")
        schema = store[uri]
        resolver = jsonschema.RefResolver(base_uri=uri, referrer=schema, store=store)
        _validators[cache_key] = jsonschema.Draft202012Validator(schema, resolver=resolver)
    return _validators[cache_key]


def validate(body, name):
    """Asserts that `body` matches schemas/<name>.schema.json; lists every violation."""
    errors = sorted(validator_for(name).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]]
        raise AssertionError(f"body does not match {name}.schema.json:\n" + "\n".join(lines) +
                             f"\nbody: {json.dumps(body)[:2000]}")


def assert_error(response, status, code=None, field=None, contains=()):
    """Asserts an error answer: status, JSON content type, error schema, the type that goes with
    the status, the code, and that the message names `field` (and each of `contains`)."""
    assert response.status_code == status, \
        f"expected {status}, got {response.status_code}: {response.text[:500]}"
    ctype = response.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip().lower() == "application/json", f"Content-Type {ctype!r}"
    body = response.json()
    validate(body, "error")
    err = body["error"]
    if status in ERROR_TYPE_BY_STATUS:
        assert err["type"] == ERROR_TYPE_BY_STATUS[status], err
    if code is not None:
        assert err["code"] == code, err
    if field is not None:
        assert field in err["message"], f"error message does not name {field!r}: {err}"
    for text in contains:
        assert text in err["message"], f"error message lacks {text!r}: {err}"
    return err


# --- raw HTTP for the tests that need to misbehave or hold many connections

def raw_exchange(port, data, timeout=10, read=True):
    """Sends raw bytes on a new connection and returns what comes back until the server closes
    or `timeout` passes (b"" if the connection was reset)."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if not read:
            return b""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if _complete_response(b"".join(chunks)):
                    break
        except (ConnectionResetError, socket.timeout):
            pass
    return b"".join(chunks)


def _complete_response(buf):
    head, sep, body = buf.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return m is not None and len(body) >= int(m.group(1))


def parse_raw_response(buf):
    """(status, headers dict lowercased, body bytes) of a raw HTTP/1.1 response."""
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body
