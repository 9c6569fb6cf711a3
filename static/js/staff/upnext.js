/*
 * upnext.js: "Up next", the moderator's ordered list of published questions. Moderators
 * reorder it by dragging or with Alt+Up / Alt+Down on a focused question, and "put the
 * first on screen"; panelists and interpreters see the same list live, and each item
 * says which text will be read aloud (the original, or which verified translation).
 */

import { keepingFocus } from "../keyed.js";
import { format } from "../live.js";
import { moderate } from "./actions.js";
import { el } from "./dom.js";
import { code, firstWords } from "./format.js";
import { notify } from "./notices.js";
import { rights, T } from "./page.js";
import { live, questions, view } from "./state.js";
import { readAloudText } from "./toolkit.js";

const panel = () => document.getElementById("up-next");
const list = () => document.getElementById("up-next-list");
let shown = null;

export function lineUp() {
  return questions()
    .filter((q) => q.queue_position !== null && q.queue_position !== undefined)
    .sort((a, b) => a.queue_position - b.queue_position || a.id - b.id);
}

// aria-disabled at the ends, not disabled: a button moved to the top keeps the focus.
function moveButton(q, step, label, symbol, atEnd) {
  return el(
    "button",
    {
      type: "button",
      class: "btn btn-small",
      dataset: { move: step },
      "aria-disabled": atEnd ? "true" : null,
      "aria-label": format(T.action_on, { action: label, question: firstWords(q.text) }),
    },
    symbol,
  );
}

function item(q, index, count) {
  const canMove = rights.moderate;
  return el(
    "li",
    // The keys (Alt+Up, Alt+Down) are told by the list's hint, up-next-hint.
    { class: "up-next-item", dataset: { id: q.id }, tabindex: "0", draggable: canMove ? "true" : null,
      "aria-describedby": canMove ? "up-next-hint" : null },
    el("span", { class: "up-next-place" }, String(index + 1)),
    el("span", { class: "lang-code" }, code(q.language)),
    el("span", { class: "up-next-text", dir: "auto", lang: q.language }, q.text),
    q.panelist &&
      el(
        "span",
        { class: "chip chip-panelist" },
        q.panelist.answers_in ? format(T.panelist_in, { name: q.panelist.name, language: code(q.panelist.answers_in) }) : q.panelist.name,
      ),
    q.interpreter_flag && el("span", { class: "chip chip-flag", dataset: { flag: q.interpreter_flag } }, T["flag_" + q.interpreter_flag]),
    el("span", { class: "read-aloud", dataset: { source: q.read_aloud ? q.read_aloud.source : "missing" } }, readAloudText(q)),
    canMove &&
      el(
        "span",
        { class: "up-next-buttons" },
        moveButton(q, "-1", T.move_up, "↑", index === 0),
        moveButton(q, "1", T.move_down, "↓", index === count - 1),
        moveButton(q, "out", T.queue_remove, "×", false),
      ),
  );
}

export function renderUpNext() {
  if (!panel()) return;
  const queue = lineUp();
  const signature = JSON.stringify(queue.map((q) => [q.id, q.text, q.language, q.panelist, q.interpreter_flag, q.read_aloud]));
  if (signature === shown) return;
  shown = signature;
  const focused = document.activeElement && document.activeElement.closest(".up-next-item");
  const focusId = view.upNextFocus || (focused ? Number(focused.dataset.id) : null);
  const key = (node) => {
    const id = node.closest(".up-next-item")?.dataset.id;
    return id ? id + ":" + (node.dataset.move || "item") : null;
  };
  keepingFocus(list(), key, () => list().replaceChildren(...queue.map((q, i) => item(q, i, queue.length))));
  document.getElementById("up-next-empty").hidden = queue.length > 0;
  const first = document.getElementById("up-next-first");
  if (first) first.disabled = queue.length === 0;
  if (focusId && !list().contains(document.activeElement)) {
    const again = list().querySelector(`[data-id="${focusId}"]`);
    if (again) again.focus({ preventScroll: true });
    view.upNextFocus = null;
  }
}

function place(id, position) {
  const q = live.state.questions.get(id);
  if (!q) return;
  view.upNextFocus = id;
  moderate(q, "queue", { position });
}

function move(id, step) {
  const queue = lineUp();
  const index = queue.findIndex((q) => q.id === id);
  if (index < 0) return;
  if (step === "out") place(id, null);
  else place(id, Math.max(0, index + Number(step)));
}

export function wireUpNext() {
  if (!panel()) return;
  const root = list();
  root.addEventListener("click", (e) => {
    const button = e.target.closest("[data-move]");
    const node = e.target.closest(".up-next-item");
    if (button && node && button.getAttribute("aria-disabled") !== "true") move(Number(node.dataset.id), button.dataset.move);
  });
  root.addEventListener("keydown", (e) => {
    const node = e.target.closest(".up-next-item");
    if (!node || !rights.moderate || !e.altKey) return;
    const step = { ArrowUp: -1, ArrowDown: 1 }[e.key];
    if (!step) return;
    e.preventDefault();
    move(Number(node.dataset.id), step);
  });
  let dragged = null;
  root.addEventListener("dragstart", (e) => {
    const node = e.target.closest(".up-next-item");
    dragged = node ? Number(node.dataset.id) : null;
    if (dragged !== null) e.dataTransfer.setData("text/plain", String(dragged));
  });
  root.addEventListener("dragover", (e) => {
    if (dragged !== null) e.preventDefault();
  });
  root.addEventListener("drop", (e) => {
    e.preventDefault();
    const target = e.target.closest(".up-next-item");
    if (dragged === null || !target) return;
    const queue = lineUp().map((q) => q.id);
    const to = queue.indexOf(Number(target.dataset.id));
    if (to >= 0 && Number(target.dataset.id) !== dragged) place(dragged, to);
    dragged = null;
  });
  const first = document.getElementById("up-next-first");
  if (first) {
    first.addEventListener("click", async () => {
      const ack = await live.emit("moderate", { action: "highlight" });
      if (!ack.ok) notify(ack.message || T.error);
    });
  }
}
