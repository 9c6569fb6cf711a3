"""Votes per second into ONE event on PostgreSQL, straight through the domain.

    python -m bench.pgvotes [--processes 2] [--threads 8] [--seconds 10]

No sockets: each process is a "worker" with its own connection pool, its threads cast
votes with ``questions.vote`` (the unit of work the ``vote`` handler runs) as fast as the
database lets them, each by a new attendee. This isolates what issue 12 changed: whether
votes of one event wait for each other on the event's row. The database is made for the
run on 127.0.0.1:5432 and dropped after; the counts are checked against the vote rows.
"""

import argparse
import json
import multiprocessing
import os
import sys
import threading
import time
from datetime import UTC, datetime

from .services import PostgresDatabase

QUESTIONS = 20
LIMITS = {"processes": 8, "threads": 32, "seconds": 120.0}


def _app(url: str):
    os.environ["QA_ASYNC_MODE"] = "threading"
    from qa_app import create_app
    from qa_app.config import database_url, engine_options

    uri = database_url(url)
    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": uri,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(uri),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )


def prepare(url: str) -> list[int]:
    from qa_app.domain.agenda import events as agenda_events
    from qa_app.domain.questions import operations as questions
    from qa_app.domain.store import get_event
    from qa_app.extensions import db

    app = _app(url)
    with app.app_context():
        db.create_all()
        agenda_events.new_event("PGV", "Votes", datetime(2030, 1, 1, tzinfo=UTC), languages=["en"])
        event = get_event("PGV")
        ids = [
            questions.ask(event, "asker", "Question number %d" % n, language="en").question["id"]
            for n in range(QUESTIONS)
        ]
        db.engine.dispose()
    return ids


def _worker(url, ids, index, threads, seconds, ready, go, out):
    """One process: ``threads`` threads, each with its connection, voting for ``seconds``."""
    from qa_app.domain.questions import operations as questions
    from qa_app.domain.store import get_event
    from qa_app.extensions import db

    app = _app(url)
    counts = [0] * threads
    warm = threading.Barrier(threads + 1)

    def run(n):
        with app.app_context():
            get_event("PGV")  # connect before the clock starts
            db.session.commit()
            warm.wait()
            go.wait()
            k, end = 0, time.monotonic() + seconds
            while time.monotonic() < end:
                attendee = "p%d-t%d-%d" % (index, n, k)
                questions.vote(get_event("PGV"), attendee, ids[k % len(ids)], True)
                k += 1
            counts[n] = k

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    warm.wait()
    ready.put(index)
    for thread in pool:
        thread.join(seconds + 60)
    out.put(sum(counts))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pgvotes", description=__doc__)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="per process")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    for name, limit in LIMITS.items():
        if not 0 < getattr(args, name) <= limit:
            parser.error("--%s must be positive and at most %s" % (name, limit))
    load_average = os.getloadavg()[0]
    database = PostgresDatabase()
    try:
        ids = prepare(database.url)
        context = multiprocessing.get_context("spawn")
        ready, go, out = context.Queue(), context.Event(), context.Queue()
        procs = [
            context.Process(
                target=_worker,
                args=(database.url, ids, i, args.threads, args.seconds, ready, go, out),
            )
            for i in range(args.processes)
        ]
        for proc in procs:
            proc.start()
        for _ in procs:  # every process connected and waiting
            ready.get(timeout=180)
        go.set()
        total = sum(out.get(timeout=args.seconds + 120) for _ in procs)
        for proc in procs:
            proc.join(30)
        counted = database.query("SELECT COALESCE(SUM(votes), 0) FROM questions")[0][0]
        rows = database.query("SELECT COUNT(*) FROM votes")[0][0]
        summary = {
            "processes": args.processes,
            "threads_per_process": args.threads,
            "seconds": args.seconds,
            "votes": total,
            "votes_per_s": round(total / args.seconds, 1),
            "counts_exact": counted == rows == total,
            "load_average_at_start": round(load_average, 2),
        }
    finally:
        database.drop()
    print(json.dumps(summary, indent=2))
    return 0 if summary["counts_exact"] else 1


if __name__ == "__main__":
    sys.exit(main())
