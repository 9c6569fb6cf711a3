"""The hot row on PostgreSQL, before and after issue 12, measured by ``pgbench``.

    python -m bench.pghotrow [--clients 16] [--seconds 10] [--rounds 2]

pgbench (C, one connection per client) runs the SQL of one vote, as qa_app/domain/store.py
sends it, on one event, as fast as the database allows, in two forms taken in turn under
the same conditions:

* ``event_row`` (before): the vote bumps ``events.seq`` (``UPDATE events SET seq = seq + 1``),
  so every vote of the event waits for the previous one's commit on that row;
* ``sequence`` (now): the vote takes the event's advisory lock in shared mode and draws
  its seq from ``qa_change_seq`` while it holds its question's row; the event's row is
  not written.

The client side costs next to nothing here, so this isolates the database; the app's own
rate (pure-Python pg8000, SQLAlchemy, two cores shared with the load) is ``bench.pgvotes``.
A database is made for the run on 127.0.0.1:5432 and dropped after; counts are checked.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .pgvotes import prepare
from .services import PG, PostgresDatabase

LIMITS = {"clients": 64, "seconds": 60.0, "rounds": 5}
SELECT = "SELECT id, event_id, attendee, state, votes{lock} FROM questions WHERE id = :q;"
INSERT = (
    "INSERT INTO votes (question_id, attendee, created_at) "
    "VALUES (:q, 'a' || :client_id || '-' || random(), now()) "
    "ON CONFLICT DO NOTHING RETURNING id;"
)
SCRIPTS = {
    "event_row": [
        SELECT.format(lock=""),
        INSERT,
        "UPDATE questions SET votes = votes + 1 WHERE id = :q RETURNING votes;",
        "UPDATE events SET seq = seq + 1 WHERE code = 'PGV' RETURNING seq;",
    ],
    "sequence": [
        SELECT.format(lock=", pg_advisory_xact_lock_shared(%d, event_id)" % 0x51410012),
        INSERT,
        "UPDATE questions SET votes = votes + 1 WHERE id = :q "
        "RETURNING votes, nextval('qa_change_seq');",
    ],
}


def run_pgbench(database, ids, name: str, clients: int, seconds: float, folder: Path) -> float:
    script = folder / (name + ".sql")
    lines = ["\\set q random(%d, %d)" % (min(ids), max(ids)), "BEGIN;", *SCRIPTS[name], "COMMIT;"]
    script.write_text("\n".join(lines) + "\n")
    command = [
        "pgbench", "-n", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"],
        "-c", str(clients), "-j", "2", "-T", str(int(seconds)), "-f", str(script),
        database.name,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode:
        raise RuntimeError("pgbench failed: %s" % done.stderr[-2000:])
    return float(re.search(r"tps = ([0-9.]+)", done.stdout).group(1))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pghotrow", description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    for name, limit in LIMITS.items():
        if not 0 < getattr(args, name) <= limit:
            parser.error("--%s must be positive and at most %s" % (name, limit))
    results: dict[str, list[float]] = {name: [] for name in SCRIPTS}
    load_average = os.getloadavg()[0]
    database = PostgresDatabase()
    try:
        ids = prepare(database.url)  # the app's schema: one event, its questions
        with tempfile.TemporaryDirectory(prefix="qa-pghotrow-") as folder:
            for _ in range(args.rounds):
                for name in SCRIPTS:
                    results[name].append(
                        round(
                            run_pgbench(
                                database, ids, name, args.clients, args.seconds, Path(folder)
                            )
                        )
                    )
        counted = database.query("SELECT SUM(votes) FROM questions")[0][0]
        rows = database.query("SELECT COUNT(*) FROM votes")[0][0]
    finally:
        database.drop()
    summary = {
        "clients": args.clients,
        "seconds_per_run": args.seconds,
        "votes_per_s": results,
        "counts_exact": counted == rows,
        "load_average_at_start": round(load_average, 2),
    }
    print(json.dumps(summary, indent=2))
    return 0 if summary["counts_exact"] else 1


if __name__ == "__main__":
    sys.exit(main())
