/*
 * live.js: the shared live connection of qa_app's pages (attendee, projector, staff).
 *
 * An ES module. Load the Socket.IO client first as a classic script, then import:
 *
 *   <script src="/vendor/socket.io.min.js"></script>
 *   <script type="module" src="/static/js/attendee.js"></script>
 *
 *   import { connectLive, format, readJSON } from "./live.js";
 *
 *   const live = connectLive({
 *     namespace: "/attendee",          // or "/staff"
 *     event: "FRI-PES",                // the event code, sent as auth {event}
 *     strings: {live, offline, connecting, timeout},  // prose from the server's catalogs
 *     statusElement: el,               // optional: gets the status text and data-status
 *     ackTimeoutMs: 10000,             // optional: how long emit() waits for an ack
 *     onSnapshot(state) {},            // after every (re)connect's sync: state was replaced
 *     onQuestion(question, previous) {},   // a question was added or changed
 *     onQuestionRemoved(id, previous) {},  // a question left this client's view
 *     onVotes(changed) {},             // [{id, votes}] counts that were applied
 *     onEvent(event, previous) {},     // the event's settings changed
 *     onChange(state, kind) {},        // after any of the above; kind names which
 *     onStatus(status) {},             // "connecting" | "live" | "offline"
 *     onSyncError(ack) {},             // the sync itself was refused or timed out
 *     onConnectError(error) {},        // the server refused or could not be reached
 *   });
 *
 *   live.state    -> {event, questions: Map<id, question>, me, seq, synced}
 *   live.emit(name, payload) -> Promise resolving to the ack object. It never rejects:
 *       while disconnected it resolves at once to {ok: false, error: "offline",
 *       message: strings.offline} (nothing is queued, so nothing is sent twice); a missing
 *       ack resolves to {ok: false, error: "timeout", message: strings.timeout}. An
 *       "unavailable" ack (a passing outage: nothing was stored) is sent once more after
 *       1 to 2 s; the second answer is returned whatever it is.
 *   live.resync() -> Promise of the sync ack (also done by itself after every reconnect,
 *       and within 3 s of a "resync" message: the server's queue came back from an outage)
 *   live.socket   -> the underlying Socket.IO socket (disconnect()/connect() for tests)
 *   live.close()  -> disconnect for good
 *
 * A refused connection (e.g. no attendee cookie yet) is retried with a growing delay
 * (1 s up to 32 s), since Socket.IO does not retry those by itself.
 *
 * Ordering rules (docs/protocol.md): every server message carries the event's seq.
 * After a sync, messages with a seq lower than the snapshot's are dropped. Messages
 * that arrive while a sync is in flight are held and replayed after the snapshot.
 * Vote counts are absolute: per question, only a count with a seq at least as high as
 * the last one applied is kept, so a late message never moves a count backwards.
 *
 * Helpers: format(template, values) fills "%(name)s" placeholders; readJSON(id) parses
 * a <script type="application/json"> block embedded by the server.
 */

const DEFAULT_TIMEOUT_MS = 10000;
const RETRY_MS = 1000; // before the one retry of an "unavailable" answer (plus up to as much)
const RESYNC_SPREAD_MS = 3000; // "resync" from the server: thousands of clients spread out

export function format(template, values) {
  return String(template).replace(/%\((\w+)\)s/g, (match, key) =>
    values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match,
  );
}

export function readJSON(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

export function connectLive(options) {
  const strings = options.strings || {};
  const timeoutMs = options.ackTimeoutMs || DEFAULT_TIMEOUT_MS;
  const callbacks = options;
  const state = { event: null, questions: new Map(), me: {}, seq: -1, synced: false };
  const voteSeq = new Map(); // question id -> seq of the count last applied
  let held = []; // messages received while a sync is in flight
  let syncing = false;
  let generation = 0; // bumped on every connect, so a stale sync ack is ignored
  let refusals = 0; // refused connections in a row, for the retry delay
  let closed = false;

  const socket = window.io(options.namespace, {
    auth: { event: options.event },
    transports: ["websocket", "polling"],
  });

  function call(name, ...args) {
    const fn = callbacks[name];
    if (typeof fn === "function") {
      try {
        fn(...args);
      } catch (error) {
        console.error(error);
      }
    }
  }

  function setStatus(status) {
    const element = options.statusElement;
    if (element) {
      element.dataset.status = status;
      const text = strings[status];
      if (text) element.textContent = text;
    }
    call("onStatus", status);
  }

  // "unavailable" means the server stored nothing (its database or queue is down for a
  // moment), so sending once more is safe; a second "unavailable" goes to the caller.
  async function emit(name, payload) {
    const ack = await emitOnce(name, payload);
    if (ack.error !== "unavailable") return ack;
    await new Promise((resolve) => window.setTimeout(resolve, RETRY_MS + Math.random() * RETRY_MS));
    return emitOnce(name, payload);
  }

  function emitOnce(name, payload) {
    if (!socket.connected) {
      // Not buffered for later: a question sent twice after a retry would be a duplicate.
      return Promise.resolve({ ok: false, error: "offline", message: strings.offline || "" });
    }
    return new Promise((resolve) => {
      socket.timeout(timeoutMs).emit(name, payload || {}, (err, ack) => {
        if (err || !ack || typeof ack !== "object") {
          resolve({ ok: false, error: "timeout", message: strings.timeout || "" });
        } else {
          resolve(ack);
        }
      });
    });
  }

  function applySnapshot(ack) {
    state.event = ack.event;
    state.questions = new Map();
    for (const question of ack.questions || []) state.questions.set(question.id, question);
    state.me = ack.me || {};
    state.seq = ack.seq;
    state.synced = true;
    voteSeq.clear();
    for (const id of state.questions.keys()) voteSeq.set(id, ack.seq);
    call("onSnapshot", state);
    call("onChange", state, "snapshot");
  }

  function fresh(message) {
    return message && typeof message.seq === "number" && message.seq >= state.seq;
  }

  const handlers = {
    question(message) {
      const question = message.question;
      const previous = state.questions.get(question.id) || null;
      state.questions.set(question.id, question);
      voteSeq.set(question.id, Math.max(voteSeq.get(question.id) ?? -1, message.seq));
      call("onQuestion", question, previous);
      call("onChange", state, "question");
    },
    question_removed(message) {
      const previous = state.questions.get(message.id) || null;
      if (!previous) return;
      state.questions.delete(message.id);
      call("onQuestionRemoved", message.id, previous);
      call("onChange", state, "question_removed");
    },
    votes(message) {
      const changed = [];
      for (const [key, votes] of Object.entries(message.counts || {})) {
        const id = Number(key);
        if ((voteSeq.get(id) ?? -1) > message.seq) continue;
        voteSeq.set(id, message.seq);
        const question = state.questions.get(id);
        if (question && question.votes !== votes) {
          question.votes = votes;
          changed.push({ id, votes });
        }
      }
      if (changed.length) {
        call("onVotes", changed);
        call("onChange", state, "votes");
      }
    },
    event(message) {
      const previous = state.event;
      state.event = message.event;
      call("onEvent", message.event, previous);
      call("onChange", state, "event");
    },
  };

  function receive(name, message) {
    if (syncing || !state.synced) {
      held.push([name, message]);
      return;
    }
    if (fresh(message)) handlers[name](message);
  }

  for (const name of Object.keys(handlers)) {
    socket.on(name, (message) => receive(name, message));
  }

  async function resync() {
    const mine = ++generation;
    syncing = true;
    held = []; // anything held before this (re)connect is older than the coming snapshot
    const ack = await emit("sync", {});
    if (mine !== generation) return ack; // a newer connect started its own sync
    syncing = false;
    if (!ack.ok) {
      held = [];
      call("onSyncError", ack);
      window.setTimeout(() => socket.connected && mine === generation && resync(), 3000);
      return ack;
    }
    applySnapshot(ack);
    const replay = held;
    held = [];
    for (const [name, message] of replay) {
      if (fresh(message)) handlers[name](message);
    }
    setStatus("live");
    return ack;
  }

  setStatus("connecting");
  socket.on("connect", () => {
    refusals = 0;
    resync();
  });
  // The server's message queue came back after an outage: what was published meanwhile
  // never arrived, so take a fresh snapshot (at a random moment, not all at once).
  socket.on("resync", () => {
    window.setTimeout(() => socket.connected && resync(), Math.random() * RESYNC_SPREAD_MS);
  });
  socket.on("disconnect", () => {
    generation++;
    syncing = false;
    setStatus("offline");
  });
  socket.on("connect_error", (error) => {
    setStatus("offline");
    call("onConnectError", error);
    // A refusal by the server's connect handler is not retried by Socket.IO itself;
    // it may be a restart in progress, so try again, more slowly each time.
    if (!socket.active && !closed) {
      refusals = Math.min(refusals + 1, 6);
      window.setTimeout(() => closed || socket.connect(), 1000 * 2 ** (refusals - 1));
    }
  });

  return {
    state,
    socket,
    emit,
    resync,
    close() {
      closed = true;
      socket.disconnect();
    },
  };
}
