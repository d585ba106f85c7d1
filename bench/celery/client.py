"""Drives the Celery baseline (tasks.py): waits for a worker, sends a warm-up, then a burst of
chat tasks as fast as one client can, and writes a result file in genx3d_loadgen's form
(bench/loadgen/report.cpp) for bench/summarize.py.

  client.py --jobs N --json OUT [--warmup N] [--label L] [--pid NAME=PID]… [--aux-pid NAME=PID]…

Latency is submit -> result seen by the client; jobs/s is jobs over first submit -> last
result. Replies are read between sends, so a result does not wait for the client to finish
sending: a send-all-then-join client reports p99 ~3 s for the same burst (what the issue saw) at
the same jobs/s. A --pid's children (the prefork pool) are measured too, as NAME/1, NAME/2, …"""

import argparse
import json
import math
import os
import socket
import sys
import time
from pathlib import Path

from celery import states
from celery.exceptions import TimeoutError
from celery.result import ResultSet

from tasks import app, chat

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # utime and stime are fields 14 and 15; the name (field 2) may hold spaces.
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def status_kb(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(d.name))
    return sorted(found)


def processes(pids, aux_pids):
    procs = []
    for spec, aux in [(p, False) for p in pids] + [(p, True) for p in aux_pids]:
        name, pid = spec.split("=", 1)
        procs.append({"name": name, "pid": int(pid), "aux": aux})
        if not aux:
            procs += [{"name": f"{name}/{i}", "pid": c, "aux": False}
                      for i, c in enumerate(children(int(pid)), 1)]
    for p in procs:
        p["cpu_start"] = cpu_s(p["pid"])
        p["rss_start_mb"] = round(status_kb(p["pid"], "VmRSS:") / 1024, 2)
    return procs


def wait_ready(timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    sys.exit(f"celery client: no worker answered a ping in {timeout} s")


def drain(consumer):
    # Results that came back meanwhile, so they are timestamped now and not after the last send.
    try:
        for _ in range(64):
            consumer.drain_events(timeout=0)
    except socket.timeout:
        pass


def burst(n, model, message, timeout):
    """(latencies in ms, failures by reason, wall s) of n tasks sent at once."""
    sent, done, failures = {}, {}, {}

    def on_message(meta):
        if meta["status"] in states.READY_STATES:
            done[meta["task_id"]] = time.perf_counter()
            if meta["status"] != states.SUCCESS:
                failures[meta["status"]] = failures.get(meta["status"], 0) + 1
            elif not meta["result"].get("code"):
                failures["no code"] = failures.get("no code", 0) + 1

    consumer = app.backend.result_consumer
    consumer.on_message = on_message
    results = []
    start = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        r = chat.apply_async((message, model))
        sent[r.id] = t
        results.append(r)
        drain(consumer)
    try:
        ResultSet(results).join_native(timeout=timeout, propagate=False, on_message=on_message,
                                       callback=lambda *_: None)
    except TimeoutError:
        sys.exit(f"celery client: {n - len(done)} of {n} results missing after {timeout} s")
    consumer.on_message = None
    wall = max(done.values()) - start
    return sorted((done[i] - sent[i]) * 1000 for i in sent if i in done), failures, wall


def rank(sorted_ms, p):
    # The load generator's nearest-rank percentile (bench/loadgen/latency.cpp).
    i = max(1, math.ceil(p / 100 * len(sorted_ms))) - 1
    return round(sorted_ms[min(i, len(sorted_ms) - 1)], 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--json", required=True)
    ap.add_argument("--label", default="celery-0ms")
    ap.add_argument("--model", default="gpt-4o-mini")
    ap.add_argument("--message", default="Create a gear with 20 teeth and 40mm diameter")
    ap.add_argument("--ready-timeout", type=float, default=60)
    ap.add_argument("--timeout", type=float, default=120, help="for all of a burst's results")
    ap.add_argument("--pid", action="append", default=[])
    ap.add_argument("--aux-pid", action="append", default=[])
    a = ap.parse_args()

    wait_ready(a.ready_timeout)
    if a.warmup:
        burst(a.warmup, a.model, a.message, a.timeout)
    procs = processes(a.pid, a.aux_pid)
    self_start = time.process_time()
    lat, failures, wall = burst(a.jobs, a.model, a.message, a.timeout)
    for p in procs:
        p["cpu_s"] = round(cpu_s(p["pid"]) - p.pop("cpu_start"), 2)
        # VmHWM: the peak since the process started (warm-up included), no sampling needed.
        p["peak_rss_mb"] = round(status_kb(p["pid"], "VmHWM:") / 1024, 2)

    failed = sum(failures.values())
    ok = len(lat) - failed
    server_cpu = sum(p["cpu_s"] for p in procs if not p["aux"])
    report = {
        "mode": "burst", "label": a.label, "ok": ok, "failed": failed, "failures": failures,
        "wall_s": round(wall, 2), "jobs_per_s": round(ok / wall, 2),
        "latency": {"count": len(lat), "p50_ms": rank(lat, 50), "p90_ms": rank(lat, 90),
                    "p99_ms": rank(lat, 99), "max_ms": round(lat[-1], 2)},
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_s_per_1000_jobs": round(server_cpu * 1000 / ok, 2) if ok else None,
        "processes": procs,
        "loadgen_cpu_s": round(time.process_time() - self_start, 2),
        "extra": {"jobs": a.jobs, "warmup": a.warmup},
    }
    Path(a.json).write_text(json.dumps(report, indent=2) + "\n")
    lat_ms = report["latency"]
    print(f"{a.label}: {a.jobs} jobs in {wall:.2f} s, {report['jobs_per_s']:,.0f} jobs/s, "
          f"p50/p99 {lat_ms['p50_ms']:.0f}/{lat_ms['p99_ms']:.0f} ms, {failed} failed",
          file=sys.stderr)


if __name__ == "__main__":
    main()
