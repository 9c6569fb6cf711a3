"""One load process: many attendee clients (and, in process 0, the moderator).

The coordinator drives it through a pipe with small command dicts; every reply is
plain data. Times are ``time.monotonic()``, which is system-wide on Linux, so the
coordinator can compare an ack time in one process with arrivals in another.
"""

import asyncio
import gc
import random
import resource
import time
from collections import Counter

import aiohttp

from . import wsclient
from .client import Client, ParseCache, Refused, attendee_cookie, staff_cookie

ATTENDEE_NS = "/attendee"
STAFF_NS = "/staff"


class Load:
    def __init__(self, index: int, base: str, code: str, deflate: bool = True):
        self.index = index
        self.base = base
        self.url = base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.code = code
        self.deflate = deflate  # offer permessage-deflate, as browsers do
        self.parse = ParseCache()
        self.http: aiohttp.ClientSession | None = None
        self.agent = ""
        self.cookies: list[str] = []
        self.attendees: list[Client] = []
        self.moderator: Client | None = None
        self.published: list[int] = []
        self._published_set: set[int] = set()
        self.tasks: set[asyncio.Task] = set()
        self._asks = 0
        self._reset()

    def _reset(self) -> None:
        self.tracking = False
        self.votes_msgs: dict[int, list] = {}  # seq -> [counts, last arrival, clients]
        self.question_msgs: dict[int, list] = {}  # question id -> [last arrival, clients]
        self.received = 0
        self.disconnects = 0
        self.votes_acked: list[tuple] = []  # (question id, votes after, ack time, rtt)
        self.approvals: list[tuple] = []  # (question id, ack time, rtt)
        self.errors: Counter = Counter()

    # --- what every client does with a server message -----------------------------

    def on_event(self, client: Client, name: str, data, now: float) -> None:
        if name == "disconnect":
            self.disconnects += 1
            return
        counts = client.state.setdefault("counts", {})
        if name == "votes":
            for qid, votes in data["counts"].items():
                if votes > counts.get(qid, -1):
                    counts[qid] = votes
            if self.tracking:
                record = self.votes_msgs.get(data["seq"])
                if record is None:
                    record = self.votes_msgs[data["seq"]] = [data["counts"], now, 0]
                record[1] = now
                record[2] += 1
        elif name == "question":
            question = data["question"]
            if question["state"] != "published":
                return
            qid = question["id"]
            counts[str(qid)] = max(counts.get(str(qid), 0), question["votes"])
            if qid not in self._published_set:
                self._published_set.add(qid)
                self.published.append(qid)
            if self.tracking:
                record = self.question_msgs.setdefault(qid, [now, 0])
                record[0] = now
                record[1] += 1
        if self.tracking:
            self.received += 1

    def _snapshot(self, client: Client, ack: dict) -> None:
        client.state["counts"] = {str(q["id"]): q["votes"] for q in ack["questions"]}
        client.state["voted"] = set(ack["me"]["voted"])
        for question in ack["questions"]:
            if question["state"] == "published" and question["id"] not in self._published_set:
                self._published_set.add(question["id"])
                self.published.append(question["id"])

    # --- commands -----------------------------------------------------------------

    def _ws_headers(self, cookie: str) -> dict:
        # The User-Agent matters: nginx (bench --nginx) picks the worker by it.
        return {"Cookie": cookie, "User-Agent": self.agent}

    def _answers(self, clients: list[Client]) -> dict:
        """How the server answered each client's extension offer ("" for no extension)."""
        return dict(Counter(c.ws.extensions or "" for c in clients if c.ws is not None))

    async def open(self, cmd: dict) -> dict:
        agent = self.agent = await self._agent_for(cmd["worker_pid"], cmd["token"])
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        self.http = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=120),
            headers={"User-Agent": agent},
        )
        if cmd.get("staff"):
            cookie = await staff_cookie(self.http, self.base, *cmd["staff"])
            self.moderator = Client(STAFF_NS, self.on_event, self.parse)
            await self.moderator.connect(
                self.url, self._ws_headers(cookie), {"event": self.code}, self.deflate
            )
            ack = await self.moderator.call("sync", {})
            self._snapshot(self.moderator, ack)
        return {"ok": True}

    async def _agent_for(self, worker_pid: int, token: str) -> str:
        """A User-Agent that reaches the worker ``worker_pid``.

        Every client comes from 127.0.0.1; nginx (``bench --nginx``) spreads them over the
        workers by address and browser, so the process tries browser names until
        ``/metrics`` answers from the worker it should load. Without nginx the first fits.
        """
        headers = {"Authorization": "Bearer " + token}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            for attempt in range(64):
                agent = "qa-bench/%d.%d" % (self.index, attempt)
                async with http.get(
                    self.base + "/metrics", headers={**headers, "User-Agent": agent}
                ) as response:
                    text = await response.text()
                pids = [
                    line.split('"')[1]
                    for line in text.splitlines()
                    if line.startswith("qa_worker{")
                ]
                if pids and int(pids[0]) == worker_pid:
                    return agent
        raise Refused("no User-Agent of 64 reached worker %d" % worker_pid)

    async def cookies_for(self, cmd: dict) -> dict:
        """Open the attendee page once per future client (not part of the join storm)."""
        start = time.monotonic()
        gate = asyncio.Semaphore(cmd.get("concurrency", 64))
        errors = Counter()

        async def one():
            async with gate:
                try:
                    return await attendee_cookie(self.http, self.base, self.code)
                except (aiohttp.ClientError, Refused, TimeoutError) as exc:
                    errors[type(exc).__name__] += 1
                    return None

        found = await asyncio.gather(*(one() for _ in range(cmd["n"])))
        self.cookies.extend(c for c in found if c)
        return {"seconds": time.monotonic() - start, "errors": dict(errors)}

    async def join(self, cmd: dict) -> dict:
        """Connect every prepared attendee and sync, all at once (bounded in flight)."""
        await _sleep_until(cmd["start_at"])
        gate = asyncio.Semaphore(cmd.get("concurrency", 256))
        connect_s: list[float] = []
        sync_s: list[float] = []
        errors = Counter()
        cookies, self.cookies = self.cookies, []

        async def one(cookie):
            async with gate:
                client = Client(ATTENDEE_NS, self.on_event, self.parse)
                t0 = time.monotonic()
                try:
                    await client.connect(
                        self.url, self._ws_headers(cookie), {"event": self.code}, self.deflate
                    )
                    t1 = time.monotonic()
                    ack = await client.call("sync", {})
                    t2 = time.monotonic()
                except (aiohttp.ClientError, Refused, TimeoutError, ConnectionError) as exc:
                    errors[type(exc).__name__] += 1
                    await client.close()
                    return
                if not ack.get("ok"):
                    errors[ack.get("error", "?")] += 1
                    return
                self._snapshot(client, ack)
                self.attendees.append(client)
                connect_s.append(t1 - t0)
                sync_s.append(t2 - t1)

        await asyncio.gather(*(one(c) for c in cookies))
        _tune_gc()
        return {
            "done_at": time.monotonic(),
            "connected": len(self.attendees),
            "connect_s": connect_s,
            "sync_s": sync_s,
            "errors": dict(errors),
            "extension_answers": self._answers(self.attendees),
        }

    async def steady(self, cmd: dict) -> dict:
        """Votes at ``vote_rate`` (and, in process 0, questions at ``question_rate``)."""
        self._reset()
        self.tracking = True
        cpu0 = _cpu()
        received0 = dict(wsclient.RECEIVED)
        await _sleep_until(cmd["start_at"])
        drivers = [_drive(cmd["vote_rate"], cmd["duration"], self._vote)]
        if self.moderator is not None and cmd.get("question_rate"):
            ask = lambda: self._spawn(self._ask_and_approve())  # noqa: E731
            drivers.append(_drive(cmd["question_rate"], cmd["duration"], ask))
        await asyncio.gather(*drivers)
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=30)
        await asyncio.sleep(cmd.get("drain", 2.0))
        self.tracking = False
        tracked = len(self.attendees) + (1 if self.moderator else 0)
        return {
            "tracked_clients": tracked,
            "votes_msgs": self.votes_msgs,
            "question_msgs": self.question_msgs,
            "votes_acked": self.votes_acked,
            "approvals": self.approvals,
            "received": self.received,
            "disconnects": self.disconnects,
            "errors": dict(self.errors),
            "cpu_s": _cpu() - cpu0,
            # Every message, pings and acks too: shows that inflating was exercised.
            "messages_inflated": wsclient.RECEIVED["inflated"] - received0["inflated"],
            "messages_plain": wsclient.RECEIVED["plain"] - received0["plain"],
        }

    async def seed(self, cmd: dict) -> dict:
        """Ask and approve a few questions before measuring, so votes have targets."""
        for _ in range(cmd["n"]):
            await self._ask_and_approve()
        await asyncio.sleep(0.5)
        return {"published": list(self.published), "errors": dict(self.errors)}

    async def verify(self, cmd: dict) -> dict:
        """Count clients whose vote counts differ from the database's."""
        truth = cmd["counts"]
        clients = [*self.attendees, *([self.moderator] if self.moderator else [])]
        wrong = 0
        for client in clients:
            counts = client.state.get("counts", {})
            if any(counts.get(qid) != votes for qid, votes in truth.items()):
                wrong += 1
        return {"clients": len(clients), "wrong": wrong}

    async def close(self, cmd: dict) -> dict:
        clients = [*self.attendees, *([self.moderator] if self.moderator else [])]
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        await self.http.close()
        return {"ok": True}

    # --- actions ------------------------------------------------------------------

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _vote(self) -> None:
        """One vote by a random attendee on a published question they have not voted for."""
        if self.published:
            for _ in range(50):
                client = random.choice(self.attendees)
                qid = random.choice(self.published)
                voted = client.state.setdefault("voted", set())
                if qid not in voted:
                    voted.add(qid)
                    self._spawn(self._vote_once(client, qid))
                    return
        self.errors["no_question_left"] += 1

    async def _vote_once(self, client: Client, qid: int) -> None:
        t0 = time.monotonic()
        try:
            ack = await client.call("vote", {"question_id": qid, "on": True})
        except (Refused, TimeoutError, ConnectionError) as exc:
            self.errors["vote_" + type(exc).__name__] += 1
            return
        t1 = time.monotonic()
        if ack.get("ok"):
            self.votes_acked.append((str(qid), ack["votes"], t1, t1 - t0))
        else:
            self.errors["vote_" + ack.get("error", "?")] += 1

    async def _ask_and_approve(self) -> None:
        self._asks += 1
        asker = self.attendees[self._asks % len(self.attendees)]
        try:
            ack = await asker.call("ask", {"text": "Bench question %d" % random.randrange(10**9)})
            if not ack.get("ok"):
                self.errors["ask_" + ack.get("error", "?")] += 1
                return
            qid = ack["question"]["id"]
            t0 = time.monotonic()
            done = await self.moderator.call("moderate", {"question_id": qid, "action": "approve"})
            t1 = time.monotonic()
        except (Refused, TimeoutError, ConnectionError) as exc:
            self.errors["ask_" + type(exc).__name__] += 1
            return
        if done.get("ok"):
            self.approvals.append((qid, t1, t1 - t0))
        else:
            self.errors["approve_" + done.get("error", "?")] += 1


async def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


async def _drive(rate: float, duration: float, action) -> None:
    """Start ``action`` ``rate`` times a second, evenly, for ``duration`` seconds."""
    if rate <= 0:
        return
    start = time.monotonic()
    started = 0
    while (elapsed := time.monotonic() - start) < duration:
        due = int(elapsed * rate) + 1 - started
        for _ in range(max(0, due)):
            action()
            started += 1
        await asyncio.sleep(min(0.01, 1.0 / rate))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tune_gc() -> None:
    # Thousands of long-lived client objects: a full collection would pause every
    # client at once and show up as latency that the server did not cause.
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def _serve(conn, index: int, base: str, code: str, deflate: bool) -> None:
    load = Load(index, base, code, deflate)
    loop = asyncio.get_running_loop()
    while True:
        cmd = await loop.run_in_executor(None, conn.recv)
        handler = getattr(load, cmd["cmd"])
        try:
            result = await handler(cmd)
        except Exception as exc:  # reported to the coordinator, which stops the run
            result = {"failed": "%s: %s" % (type(exc).__name__, exc)}
        conn.send(result)
        if cmd["cmd"] == "close":
            return


def worker_main(conn, index: int, base: str, code: str, deflate: bool = True) -> None:
    """Entry point of a load process (multiprocessing, spawn)."""
    raise_fd_limit()
    asyncio.run(_serve(conn, index, base, code, deflate))
