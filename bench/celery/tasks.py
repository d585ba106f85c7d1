"""The Celery baseline of issue 6: what a genx3d worker does for a chat, as a Celery task.

Configured as the issue measured it: prefork pool, acks_late, prefetch 1, rpc result backend;
everything else (persistent task messages, JSON) at Celery's defaults. The broker comes from
CELERY_BROKER_URL, the provider from FAKE_PROVIDER_URL (…/v1) and BENCH_FAKE_KEY."""

import http.client
import json
import os
import re
from urllib.parse import urlsplit

from celery import Celery

app = Celery("tasks", broker=os.environ.get("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1//"))
app.conf.update(
    result_backend="rpc://",
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    worker_pool="prefork",
)

# The same size and shape as genx3d's system prompt (worker/prompt.cpp).
SYSTEM_PROMPT = """You are genx3d, an assistant that writes parametric 3D CAD code.
Write JavaScript (ES5) for the csg.js library, which is the only API available:
- CSG.cube({center: [x, y, z], radius: [rx, ry, rz]})      // box of size 2*rx x 2*ry x 2*rz
- CSG.cylinder({start: [x, y, z], end: [x, y, z], radius: r, slices: n})
- CSG.sphere({center: [x, y, z], radius: r, slices: n, stacks: n})
- a.union(b), a.subtract(b), a.intersect(b)
Units are millimetres. Put the design in a function with named parameters and end with one
top-level statement `var myPart = createPart(...);` that holds the finished solid.
No require, import, process, fetch, eval, timers or I/O: the code runs in a sandbox.
Answer with one or two sentences that state the dimensions you used, then the complete code in a
single ```javascript fenced block."""

FENCE = re.compile(r"```[A-Za-z]*\n(.*?)```", re.S)

_provider = urlsplit(os.environ.get("FAKE_PROVIDER_URL", "http://127.0.0.1:8080/v1"))
_headers = {"Content-Type": "application/json",
            "Authorization": "Bearer " + os.environ.get("BENCH_FAKE_KEY", "sk-bench")}
# One keep-alive connection per pool process, opened lazily so that it is made after the fork.
_conn = None


def _post(body):
    global _conn
    for attempt in (1, 2):
        if _conn is None:
            _conn = http.client.HTTPConnection(_provider.hostname, _provider.port, timeout=60)
        try:
            _conn.request("POST", _provider.path + "/chat/completions", body, _headers)
            resp = _conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            # A keep-alive connection the server closed: retry once on a fresh one.
            _conn.close()
            _conn = None
            if attempt == 2:
                raise
            continue
        if resp.status != 200:
            raise RuntimeError(f"provider answered {resp.status}: {data[:200]!r}")
        return json.loads(data)


@app.task
def chat(prompt, model):
    answer = _post(json.dumps({
        "model": model,
        "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                     {"role": "user", "content": prompt}],
        "temperature": 0.2,
    }))
    content = answer["choices"][0]["message"]["content"]
    fence = FENCE.search(content)
    return {"message": content,
            "code": fence.group(1) if fence else None,
            "model_used": answer.get("model", model),
            "tokens_used": answer.get("usage", {}).get("total_tokens")}
