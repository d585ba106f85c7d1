"""Helpers for the model-provider integration tests: the fake provider process (a real HTTP and
HTTPS server, tests/support/fake_provider), a self-signed certificate for it, and providers files
that point genx3d at it."""

import json
import os
import subprocess
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# The key the fake accepts, and the one it rejects with a provider-style 401.
GOOD_KEY = "sk-test-good-0123456789"
BAD_KEY = "sk-test-wrong-0123456789"


def find_fake_provider():
    """$FAKE_PROVIDER (set by ctest), else the newest build*/tests/fake_provider."""
    env = os.environ.get("FAKE_PROVIDER")
    if env:
        return Path(env)
    found = sorted(REPO.glob("build*/tests/fake_provider"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    return found[0] if found else None


def make_cert(directory):
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    directory = Path(directory)
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    return cert, key


class FakeProvider:
    """One fake_provider process, with its HTTP port and (when given a cert) its HTTPS port."""

    def __init__(self, binary, log_path, cert=None, key=None, extra_args=()):
        args = [str(binary), "--port", "0", "--threads", "2", *map(str, extra_args)]
        if cert:
            args += ["--tls-port", "0", "--cert", str(cert), "--key", str(key)]
        self.log_path = Path(log_path)
        self._stderr = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr,
                                     stdin=subprocess.DEVNULL, text=True)
        self.http_port = self.https_port = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"fake_provider exited: {self.proc.wait()}")
            name, _, value = line.strip().partition("=")
            if name == "http_port":
                self.http_port = int(value)
            elif name == "https_port":
                self.https_port = int(value)
            elif name == "ready":
                break
        assert self.http_port, "fake_provider did not report its port"
        self.admin = requests.Session()

    @property
    def http_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https_url(self):
        return f"https://localhost:{self.https_port}"

    def requests(self):
        r = self.admin.get(self.http_url + "/_requests", timeout=10)
        r.raise_for_status()
        return r.json()["requests"]

    def model_requests(self, model=None):
        """Recorded model calls, optionally only those for the provider-side `model`."""
        return [r for r in self.requests()
                if model is None or (isinstance(r["body"], dict) and r["body"].get("model") == model)]

    def reset(self):
        self.admin.post(self.http_url + "/_reset", timeout=10).raise_for_status()

    def configure(self, **settings):
        self.admin.post(self.http_url + "/_config", json=settings, timeout=10).raise_for_status()

    def stop(self):
        self.admin.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._stderr.close()

    def _genx3d_logs(self):
        try:
            return [("fake_provider stderr", self.log_path.read_text(errors="replace")[-5000:])]
        except FileNotFoundError:
            return []


def remote(protocol, base_url, key_env, **limits):
    """A providers-file entry with test-sized timeouts and backoff (no test sleeps for long)."""
    entry = {"protocol": protocol, "base_url": base_url, "api_key_env": key_env,
             "connect_timeout_ms": 2000, "timeout_ms": 5000, "max_attempts": 3,
             "backoff_initial_ms": 10, "backoff_max_ms": 50}
    entry.update(limits)
    return entry


def write_providers_file(path, providers, models, **extra):
    Path(path).write_text(json.dumps({"providers": providers, "models": models, **extra},
                                     indent=2))
    return Path(path)


class ConnectProxy:
    """A minimal HTTPS proxy: answers CONNECT host:port with a byte tunnel and records each
    target. Threads are fine here: it carries a handful of test connections."""

    def __init__(self):
        import socket
        import threading
        self._socket_mod = socket
        self._threading = threading
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.connects = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self._threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            head += chunk
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        if method != "CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        self.connects.append(target)
        host, _, port = target.rpartition(":")
        try:
            upstream = self._socket_mod.create_connection((host, int(port)), timeout=5)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        upstream.settimeout(None)
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self._threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
        self._pipe(upstream, client)

    @staticmethod
    def _pipe(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

    def close(self):
        self._closed = True
        self.listener.close()
