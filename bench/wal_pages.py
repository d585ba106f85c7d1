#!/usr/bin/env python3
"""Which B-trees a commit of the API's store writes to the write-ahead log, and how many pages.

    bench/wal_pages.py GENX3D_DB [JOBS_PER_COMMIT [IN_FLIGHT]]

Replays the store's statements for chat jobs (ensure_session, insert_job, mark_published, then
complete_job IN_FLIGHT jobs later, and one token update per commit) on a scratch copy of the
schema of GENX3D_DB, a genx3d database that has run at least one chat job (its answer, payload
and exchange are the rows replayed; e.g. a benchmark run's with BENCH_KEEP=1). Each commit's WAL
frames are read back and their pages named with SQLite's dbstat table. Prints frames per commit
and per job, by B-tree. The SQL must follow common/store_jobs.cpp by hand: it is a model of the
store's writes, not the store itself.
"""
import collections
import os
import random
import sqlite3
import struct
import sys
import tempfile
import time

PAGE = 4096
FRAME = PAGE + 24


def new_id(prefix):
    ms = int(time.time() * 1000)
    return f"{prefix}_{ms:011x}{random.getrandbits(52):013x}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    src = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    per_commit = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    in_flight = int(sys.argv[3]) if len(sys.argv) > 3 else 250
    schema = [r[0] for r in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " ORDER BY rowid")]
    key = src.execute("SELECT * FROM api_keys LIMIT 1").fetchone()
    answer = src.execute("SELECT answer FROM jobs WHERE answer IS NOT NULL LIMIT 1").fetchone()
    payload = src.execute("SELECT payload FROM job_payloads LIMIT 1").fetchone()
    exchange = src.execute(
        "SELECT user_content, answer_content, answer_code FROM exchanges LIMIT 1").fetchone()
    if not (key and answer and payload and exchange):
        sys.exit("wal_pages: the database has no finished chat job to replay")

    path = os.path.join(tempfile.mkdtemp(prefix="wal_pages."), "replay.db")
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON",
                   "wal_autocheckpoint = 0"):
        db.execute(f"PRAGMA {pragma}")
    for sql in schema:
        db.execute(sql)
    db.execute(f"INSERT INTO api_keys VALUES ({','.join('?' * len(key))})", key)
    key_id = key[1]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def frames():
        return max(0, (os.path.getsize(path + "-wal") - 32) // FRAME)

    waiting = collections.deque()
    pages = collections.Counter()
    measured_commits = 0
    total_jobs, warm_up = 6000, 2000
    done = 0
    while done < total_jobs:
        first = frames()
        db.execute("BEGIN")
        for _ in range(per_commit):
            now = int(time.time() * 1000)
            session, job = new_id("session"), new_id("chat")
            db.execute("INSERT INTO sessions (id, owner_key_id, created_at) VALUES (?1, ?2, ?3)"
                       " ON CONFLICT (id) DO NOTHING", (session, key_id, now))
            db.execute("INSERT INTO jobs (id, owner_key_id, session_id, state, model, attempts,"
                       " created_at) VALUES (?1, ?2, ?3, 'queued', 'gpt-4o-mini', 0, ?4)",
                       (job, key_id, session, now))
            db.execute("INSERT INTO job_payloads (job_seq, payload)"
                       " VALUES (last_insert_rowid(), ?1)", payload)
            db.execute("UPDATE jobs SET published_at = ?2 WHERE id = ?1 AND published_at IS NULL",
                       (job, now))
            waiting.append((job, session, now))
            done += 1
            if len(waiting) <= in_flight:
                continue
            job, session, asked = waiting.popleft()
            seq = db.execute(
                "SELECT j.seq, json_extract(p.payload, '$.message') FROM jobs j"
                " JOIN job_payloads p ON p.job_seq = j.seq"
                " WHERE j.id = ?1 AND j.state IN ('queued', 'running')", (job,)).fetchone()[0]
            db.execute("UPDATE jobs SET state = 'succeeded', answer = ?2, finished_at = ?3,"
                       " attempts = 1, started_at = ?3 WHERE seq = ?1", (seq, answer[0], now))
            db.execute("INSERT INTO exchanges (job_seq, session_id, user_id, user_content,"
                       " user_at, answer_id, answer_content, answer_code, answer_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                       (seq, session, new_id("msg"), exchange[0], asked, new_id("msg"),
                        exchange[1], exchange[2], now))
        db.execute("UPDATE api_keys SET tokens_used = tokens_used + 1 WHERE id = ?1", (key_id,))
        db.execute("COMMIT")
        last = frames()
        if done > warm_up:
            measured_commits += 1
            with open(path + "-wal", "rb") as wal:
                for frame in range(first, last):
                    wal.seek(32 + frame * FRAME)
                    pages[struct.unpack(">I", wal.read(4))[0]] += 1
        if last > 8000:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    owner = dict(db.execute("SELECT pageno, name FROM dbstat"))
    by_tree = collections.Counter()
    for page, n in pages.items():
        by_tree[owner.get(page, "?")] += n
    jobs = measured_commits * per_commit
    written = sum(by_tree.values())
    print(f"{per_commit} jobs per commit, {in_flight} in flight: "
          f"{written / measured_commits:.1f} frames per commit, {written / jobs:.2f} per job")
    for tree, n in by_tree.most_common():
        print(f"  {tree:30s} {n / measured_commits:6.2f} per commit {n / jobs:6.2f} per job")


if __name__ == "__main__":
    main()
