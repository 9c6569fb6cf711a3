"""The scenarios: join storm, steady webinar, saturation. Each returns plain data."""

import math
import multiprocessing
import os
import time
from bisect import bisect_left

import psutil

from .load import worker_main
from .server import MODERATOR, Server


def percentiles(values: list[float]) -> dict:
    """p50, p95, p99 and max in milliseconds (nearest-rank)."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(rank(0.50) * 1000, 1),
        "p95_ms": round(rank(0.95) * 1000, 1),
        "p99_ms": round(rank(0.99) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


class Loads:
    """The load processes, driven in lock-step through pipes."""

    def __init__(self, server: Server, processes: int, nice: int = 0, deflate: bool = True):
        context = multiprocessing.get_context("spawn")
        self.pipes = []
        self.processes = []
        self.workers: list[int] = []  # per load process, the pid of the worker it reaches
        for index in range(processes):
            parent, child = context.Pipe()
            process = context.Process(
                target=worker_main,
                args=(child, index, server.base_for(index), server.code, deflate),
                daemon=True,
            )
            process.start()
            if nice:
                psutil.Process(process.pid).nice(nice)
            self.pipes.append(parent)
            self.processes.append(process)

    def all(self, cmd: dict, per_worker: list[dict] | None = None) -> list[dict]:
        for index, pipe in enumerate(self.pipes):
            pipe.send({**cmd, **(per_worker[index] if per_worker else {})})
        replies = [pipe.recv() for pipe in self.pipes]
        failed = [r["failed"] for r in replies if "failed" in r]
        if failed:
            raise RuntimeError("load process failed: %s" % "; ".join(failed))
        return replies

    def one(self, index: int, cmd: dict) -> dict:
        self.pipes[index].send(cmd)
        reply = self.pipes[index].recv()
        if "failed" in reply:
            raise RuntimeError("load process failed: %s" % reply["failed"])
        return reply

    def close(self) -> None:
        try:
            self.all({"cmd": "close"})
        finally:
            for process in self.processes:
                process.join(10)
                if process.is_alive():
                    process.terminate()


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def open_clients(server: Server, loads: Loads, clients: int, concurrency: int) -> dict:
    """Attendee pages (cookies), then the join storm itself, then the moderator."""
    staff = {"staff": (MODERATOR, server.password)}
    # Load process i loads worker i % workers (through nginx too): each worker's messages
    # are then compared among the clients of the processes that reach it.
    pids = [p.pid for p in server.processes]
    loads.workers = [pids[i % len(pids)] for i in range(len(loads.pipes))]
    loads.all(
        {"cmd": "open", "token": server.metrics_token},
        [{"worker_pid": pid, **(staff if i == 0 else {})} for i, pid in enumerate(loads.workers)],
    )
    shares = split(clients, len(loads.pipes))
    t0 = time.monotonic()
    pages = loads.all({"cmd": "cookies_for"}, [{"n": n} for n in shares])
    page_s = time.monotonic() - t0
    cpu0 = server.monitor.cpu_seconds()
    load_average = os.getloadavg()[0]
    rss_before = server.monitor.rss_now()
    start_at = time.monotonic() + 0.5
    joined = loads.all({"cmd": "join", "start_at": start_at, "concurrency": concurrency})
    seconds = max(r["done_at"] for r in joined) - start_at
    rss_after = server.monitor.rss_now()
    connected = sum(r["connected"] for r in joined)
    errors: dict = {}
    answers: dict = {}
    for reply in [*pages, *joined]:
        for key, count in reply["errors"].items():
            errors[key] = errors.get(key, 0) + count
        for answer, count in reply.get("extension_answers", {}).items():
            answers[answer] = answers.get(answer, 0) + count
    return {
        "clients": clients,
        "connected": connected,
        "page_loads_s": round(page_s, 2),
        "page_loads_per_s": round(clients / page_s, 1) if page_s else None,
        "all_connected_and_synced_s": round(seconds, 2),
        "connect": percentiles([v for r in joined for v in r["connect_s"]]),
        "sync_ack": percentiles([v for r in joined for v in r["sync_s"]]),
        "server_cpu_percent": round(100 * (server.monitor.cpu_seconds() - cpu0) / seconds, 1),
        "server_sockets_peak": server.monitor.peak_sockets,
        "load_processes_by_worker": {str(w): loads.workers.count(w) for w in set(loads.workers)},
        "load_average_at_start": round(load_average, 2),
        "errors": errors,
        "extension_answers": answers,
        **rss_per_socket(rss_before, rss_after, connected),
        **server.sampler.summary(start_at, time.monotonic()),
    }


def rss_per_socket(before: int, after: int, sockets: int) -> dict:
    """What each attendee socket costs the server: RSS grown over the join, per socket.

    Measured between the page loads and the end of the join storm, so the identity
    cookies' cost stays out and every socket has had its sync ack (and so its compressor,
    when the socket compresses).
    """
    return {
        "server_rss_before_join_mb": round(before / 2**20, 1),
        "server_rss_after_join_mb": round(after / 2**20, 1),
        "server_rss_per_socket_kb": round((after - before) / 1024 / sockets, 1)
        if sockets
        else None,
    }


def steady(
    server: Server, loads: Loads, vote_rate: float, question_rate: float, duration: float
) -> dict:
    """Votes and approved questions at fixed rates; every change checked at every client."""
    profiler = server.profile(duration) if server.profile_path else None
    cpu0 = server.monitor.cpu_seconds()
    load_average = os.getloadavg()[0]
    start_at = time.monotonic() + 0.3
    shares = [vote_rate / len(loads.pipes)] * len(loads.pipes)
    replies = loads.all(
        {
            "cmd": "steady",
            "start_at": start_at,
            "duration": duration,
            "question_rate": question_rate,
        },
        [{"vote_rate": r} for r in shares],
    )
    for reply, worker in zip(replies, loads.workers or [0] * len(replies), strict=True):
        reply["worker"] = worker
    server_cpu = server.monitor.cpu_seconds() - cpu0
    ended_at = time.monotonic()
    if profiler is not None:
        profiler.wait()
    result = analyse(replies, duration)
    truth = server.public_counts()
    checks = loads.all({"cmd": "verify", "counts": truth})
    result["clients_with_wrong_counts"] = sum(c["wrong"] for c in checks)
    result["database_counts_exact"] = server.counts_agree()
    result["lost"] += result["clients_with_wrong_counts"]
    result["server_cpu_percent"] = round(100 * server_cpu / duration, 1)
    result["load_cpu_percent"] = [round(100 * r["cpu_s"] / duration, 1) for r in replies]
    result["server_cpu_per_delivery_us"] = (
        round(1e6 * server_cpu / result["deliveries"], 1) if result["deliveries"] else None
    )
    result["server_peak_rss_mb"] = round(server.monitor.peak_rss / 2**20, 1)
    result["server_peak_rss_mb_by_worker"] = [
        round(rss / 2**20, 1) for rss in server.monitor.peak_rss_by_worker
    ]
    result["load_average_at_start"] = round(load_average, 2)
    result.update(server.sampler.summary(start_at, ended_at))
    result.update(vote_rate=vote_rate, question_rate=question_rate, duration_s=duration)
    return result


def _vote_marks(group: list[dict]) -> tuple[dict, int, int]:
    """One worker's ``votes`` messages as seen by its load processes: per question, the
    running count in seq order with the last arrival of each; and the deliveries missed."""
    votes_msgs: dict[int, list] = {}
    for reply in group:
        for seq, (counts, arrival, _n) in reply["votes_msgs"].items():
            known = votes_msgs.setdefault(seq, [counts, arrival])
            known[1] = max(known[1], arrival)
    lost = 0
    for reply in group:
        tracked = reply["tracked_clients"]
        lost += sum(tracked - n for _c, _a, n in reply["votes_msgs"].values())
        for seq in votes_msgs:
            if seq not in reply["votes_msgs"]:
                lost += tracked
    by_question: dict[str, tuple[list[int], list[float]]] = {}
    for seq in sorted(votes_msgs):
        counts, arrival = votes_msgs[seq]
        for qid, votes in counts.items():
            marks, arrivals = by_question.setdefault(qid, ([], []))
            # Counts only rise (the bench never withdraws); keep the running maximum.
            marks.append(max(votes, marks[-1]) if marks else votes)
            arrivals.append(arrival)
    return by_question, lost, len(votes_msgs)


def _ack_rate(ack_times: list[float]) -> float | None:
    """What the server sustained: acks per second from the first ack to the last (a server
    that cannot keep up acks late, after the driving phase)."""
    if len(ack_times) < 2 or max(ack_times) <= min(ack_times):
        return None
    return round((len(ack_times) - 1) / (max(ack_times) - min(ack_times)), 1)


def analyse(replies: list[dict], duration: float) -> dict:
    """Per change, the latency is from its ack to its arrival at the last client.

    Each worker sends its own ``votes`` messages (with its own seqs) to its own clients, so
    they are compared among the load processes that reach the same worker; a vote is
    visible everywhere when the last worker's clients have it.
    """
    groups: dict = {}
    for reply in replies:
        groups.setdefault(reply.get("worker", 0), []).append(reply)
    marks_by_worker, lost, messages = [], 0, 0
    for group in groups.values():
        by_question, missed, count = _vote_marks(group)
        marks_by_worker.append(by_question)
        lost += missed
        messages += count
    vote_latency: list[float] = []
    never_seen = 0
    acked = [v for reply in replies for v in reply["votes_acked"]]
    for qid, votes, ack_at, _rtt in acked:
        latest = 0.0
        for by_question in marks_by_worker:
            marks, arrivals = by_question.get(qid, ([], []))
            at = bisect_left(marks, votes)
            if at == len(marks):
                latest = None
                break
            latest = max(latest, arrivals[at] - ack_at)
        if latest is None:
            never_seen += 1
        else:
            vote_latency.append(max(latest, 0.0))
    question_latency: list[float] = []
    for reply in replies:
        for qid, ack_at, rtt in reply["approvals"]:
            arrivals = [r["question_msgs"].get(qid) for r in replies]
            for r, seen in zip(replies, arrivals, strict=True):
                lost += r["tracked_clients"] - (seen[1] if seen else 0)
            if all(arrivals):
                # From the moderator's approval (sent at ack_at - rtt) to the last client:
                # the server sends the question before it answers the moderator.
                sent_at = ack_at - rtt
                question_latency.append(max(0.0, max(a[0] for a in arrivals) - sent_at))
    received = sum(r["received"] for r in replies)
    inflated = sum(r.get("messages_inflated", 0) for r in replies)
    plain = sum(r.get("messages_plain", 0) for r in replies)
    errors: dict = {}
    for reply in replies:
        for key, count in reply["errors"].items():
            errors[key] = errors.get(key, 0) + count
    return {
        "votes_acked": len(acked),
        "votes_per_s": round(len(acked) / duration, 1),
        "votes_acked_per_s": _ack_rate([v[2] for v in acked]),
        "questions_approved": sum(len(r["approvals"]) for r in replies),
        "vote_latency": percentiles(vote_latency),
        "question_latency": percentiles(question_latency),
        "vote_ack_rtt": percentiles([v[3] for v in acked]),
        "votes_messages": messages,
        "deliveries": received,
        "deliveries_per_s": round(received / duration, 1),
        "lost": lost + never_seen,
        "votes_never_seen": never_seen,
        "disconnects": sum(r["disconnects"] for r in replies),
        "messages_inflated": inflated,
        "messages_plain": plain,
        "errors": errors,
    }
