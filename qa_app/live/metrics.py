"""This worker's live figures in the Prometheus text format (``prometheus_client``).

Each worker reports its own process: scrape every worker on its own port (behind nginx,
``ip_hash`` would always send the scraper to the same one).
"""

import os

from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    SummaryMetricFamily,
)

from qa_app.extensions import socketio
from qa_app.live import direct
from qa_app.live.broadcast import ATTENDEE_NS, STAFF_NS
from qa_app.live.fanout import Live

REGISTRY_KEY = "qa_metrics_registry"


def connected_clients(namespace: str) -> int:
    """Sockets connected to ``namespace`` in this process (python-socketio keeps every
    connected client of a namespace in its room ``None``)."""
    rooms = socketio.server.manager.rooms.get(namespace, {})
    return len(rooms.get(None, ()))


class LiveCollector:
    """Reads the figures at scrape time; nothing is counted twice."""

    def __init__(self, live: Live):
        self.live = live

    def collect(self):
        live, coalescer, lag = self.live, self.live.coalescer, self.live.lag
        worker = GaugeMetricFamily(
            "qa_worker", "This worker's process id (each worker reports its own).", labels=["pid"]
        )
        worker.add_metric([str(os.getpid())], 1)
        yield worker
        yield GaugeMetricFamily(
            "qa_votes_window_seconds",
            "Current coalescing window of votes messages (adapts to the fan-out cost).",
            value=coalescer.window.current,
        )
        clients = GaugeMetricFamily(
            "qa_connected_clients", "Socket.IO clients connected to this worker.", labels=["ns"]
        )
        for namespace in (ATTENDEE_NS, STAFF_NS):
            clients.add_metric([namespace.strip("/")], connected_clients(namespace))
        yield clients
        yield CounterMetricFamily(
            "qa_deliveries",
            "Socket.IO packets this worker wrote to its clients.",
            value=live.deliveries.total,
        )
        paths = CounterMetricFamily(
            "qa_room_deliveries",
            "Room broadcasts by path: framed once and written directly, or through the "
            "socket's queue (a busy, polling or upgrading socket).",
            labels=["path"],
        )
        paths.add_metric(["direct"], direct.STATS.direct)
        paths.add_metric(["queued"], direct.STATS.queued)
        yield paths
        yield GaugeMetricFamily(
            "qa_deliveries_per_second",
            "Packets written to clients per second, over the last 10 s.",
            value=live.deliveries.per_second(),
        )
        yield SummaryMetricFamily(
            "qa_votes_flush_seconds",
            "Time to send one round of votes messages to every client of this worker.",
            count_value=coalescer.flushes,
            sum_value=coalescer.flush_seconds,
        )
        yield CounterMetricFamily(
            "qa_votes_flush_cpu_seconds",
            "CPU time spent sending votes messages (what the window is fitted to).",
            value=coalescer.flush_cpu_seconds,
        )
        yield GaugeMetricFamily(
            "qa_votes_flush_last_seconds",
            "Duration of the latest round of votes messages.",
            value=coalescer.last_flush_seconds,
        )
        yield HistogramMetricFamily(
            "qa_event_loop_lag_seconds",
            "How late the event loop wakes a sleeping task (measured 20 times a second).",
            buckets=lag.cumulative_buckets(),
            sum_value=lag.total,
        )
        yield GaugeMetricFamily(
            "qa_event_loop_lag_max_seconds",
            "Longest event-loop lag in the last 10 s.",
            value=lag.recent_max(),
        )


def registry(app, live: Live) -> CollectorRegistry:
    """One registry per app (tests build many apps in one process)."""
    found = app.extensions.get(REGISTRY_KEY)
    if found is None:
        found = CollectorRegistry()
        found.register(LiveCollector(live))
        found.register(ProcessCollector(registry=None))  # CPU seconds, RSS, open files
        app.extensions[REGISTRY_KEY] = found
    return found


def render(app, live: Live) -> bytes:
    return generate_latest(registry(app, live))
