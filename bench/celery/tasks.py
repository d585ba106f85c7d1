"""The Celery baseline of issue 6: what a genx3d worker does for a chat, as a Celery task.

Configured as the issue measured it: prefork pool, acks_late, prefetch 1, rpc result backend;
everything else (persistent task messages, JSON) at Celery's defaults. The broker comes from
CELERY_BROKER_URL, the provider from FAKE_PROVIDER_URL (…/v1) and BENCH_FAKE_KEY."""

import http.client
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from celery import Celery

app = Celery("tasks", broker=os.environ.get("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1//"))
app.conf.update(
    result_backend="rpc://",
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    worker_pool="prefork",
)

# genx3d's own system prompt, read from its source (the raw string in worker/prompt.cpp), so
# both sides send the same request and the two cannot drift apart.
_PROMPT_SOURCE = Path(__file__).resolve().parents[2] / "worker" / "prompt.cpp"
SYSTEM_PROMPT = re.search(r'R"\((.*?)\)"', _PROMPT_SOURCE.read_text(), re.S).group(1)

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
