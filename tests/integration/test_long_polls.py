"""1,000 concurrent long-polls on unfinished jobs all answer with the final state once the jobs
finish, and the server keeps answering other requests while they wait."""

import asyncio
import json
import pytest

from genx3d_harness import parse_raw_response, validate

POLLS = 1000
JOBS = 50
LATENCY_MS = 6000


@pytest.fixture
def srv(server_factory):
    srv = server_factory.make(name="longpoll", config={
        "server": {"default_rate_limit_per_minute": 100000},
        "worker": {"builtin_latency_ms": LATENCY_MS},
    })
    srv.key = srv.create_key("longpoll")
    return srv


async def long_poll(port, key, job_id, timeout):
    """One GET /api/v1/jobs/{id}?wait=30 on its own connection; returns (status, body)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write((f"GET /api/v1/jobs/{job_id}?wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      f"Authorization: Bearer {key}\r\nConnection: close\r\n\r\n").encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status, headers, _ = parse_raw_response(head)
        if "content-length" in headers:
            body = await asyncio.wait_for(reader.readexactly(int(headers["content-length"])),
                                          timeout)
        else:
            body = await asyncio.wait_for(reader.read(), timeout)
        return status, json.loads(body)
    finally:
        writer.close()


async def health_while_waiting(srv, tasks):
    """Checks /healthz (over a fresh connection each time) while the polls are open; returns
    how many checks ran before the first poll answered."""
    checks = 0
    loop = asyncio.get_running_loop()
    while checks < 5 and not any(t.done() for t in tasks):
        ok = await loop.run_in_executor(None, srv.healthy)
        assert ok, "the server stopped answering /healthz during the long-polls"
        checks += 1
    return checks


async def run(srv, job_ids):
    tasks = [asyncio.create_task(long_poll(srv.port, srv.key, job_ids[i % len(job_ids)], 60))
             for i in range(POLLS)]
    checks = await health_while_waiting(srv, tasks)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    return checks, results


def test_a_thousand_long_polls_all_answer_with_the_final_state(srv):
    job_ids = []
    for i in range(JOBS):
        job = srv.chat(srv.key, f"Create a cube with side {i + 1}mm", expect=202,
                       **{"async": True})
        job_ids.append(job["id"])
    checks, results = asyncio.run(run(srv, job_ids))

    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, f"{len(failures)} polls failed, e.g. {failures[0]!r}"
    assert len(results) == POLLS
    for status, body in results:
        assert status == 200, body
        assert body["status"] == "succeeded", "a long-poll answered before its job was final"
    for status, body in results[:JOBS]:
        validate(body, "job")
    # Each job's result is the same whichever poll read it.
    by_job = {}
    for _, body in results:
        by_job.setdefault(body["id"], []).append(body["result"])
    assert set(by_job) == set(job_ids)
    assert all(all(r == results_[0] for r in results_) for results_ in by_job.values())
    # /healthz answered while every poll was still open (the jobs take LATENCY_MS).
    assert checks >= 1, "no /healthz check ran while the polls were open"
    assert srv.healthy()
