"""Live delivery, after the commit: what goes to which room, and how it gets there.

broadcast (the only module that emits), coalescer (one ``votes`` message per window),
fanout (the coalescer and relay wired to this process), relay (vote changes between
workers over Redis), message_queue (the Socket.IO queue on Redis, healing quickly),
socket_closer (closing a person's sockets on every worker), redis_link (Redis clients
with deadlines: publishing completes locally when Redis hangs), lag (event-loop lag),
metrics (this worker's Prometheus figures).
"""
