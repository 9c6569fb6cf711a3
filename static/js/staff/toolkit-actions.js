/*
 * toolkit-actions.js: what the toolkit's forms and buttons in the detail pane do (edit,
 * written answer and its translations, merge and undo, up next, interpreters' flags),
 * and fetching the similar questions of the selected one.
 */

import { moderate } from "./actions.js";
import { select } from "./navigation.js";
import { forgetDetail } from "./detail.js";
import { notify } from "./notices.js";
import { rights, T, ui } from "./page.js";
import { scheduleRender } from "./redraw.js";
import { live, selected, view } from "./state.js";
import { mergeSection } from "./toolkit.js";

// Only the merge section changes: a field being used elsewhere in the pane stays as it is.
function patchSuggestions(id) {
  const q = selected();
  const slot = ui.detail.querySelector(".merge-slot");
  if (!q || q.id !== id || !slot) return;
  const section = mergeSection(q);
  slot.replaceChildren(...(section ? [section] : []));
}

const SETTLE_MS = 400; // stepping through the list with j/k asks for nothing on the way
let pending = 0;

// Similar questions of the selected one, once the selection settles; fetched again when
// its texts change.
export function loadSuggestions() {
  const q = selected();
  if (!rights.moderate || !q || !["pending", "published", "answered"].includes(q.state)) return;
  const key = [q.id, q.text, ...Object.entries(q.translations || {}).map(([l, t]) => l + t.verified)].join("|");
  if (view.suggestionKeys.get(q.id) === key) return;
  window.clearTimeout(pending);
  pending = window.setTimeout(() => {
    if (!selected() || selected().id !== q.id) return; // moved on: the next render asks for the new one
    view.suggestionKeys.set(q.id, key);
    live.emit("similar", { question_id: q.id }).then((ack) => {
      if (ack.ok) {
        view.suggestions.set(q.id, ack.suggestions);
        patchSuggestions(q.id);
      } else {
        view.suggestionKeys.delete(q.id); // try again at the next render
      }
    });
  }, SETTLE_MS);
}

async function run(q, action, extra, done) {
  const ack = await moderate(q, action, extra);
  if (ack && ack.ok && done) notify(done, "info");
  return ack;
}

function submitEdit(q, form) {
  const key = "edit:" + q.id;
  const topic = form.elements.topic.value;
  return run(q, "edit", {
    text: form.querySelector("textarea").value,
    language: form.elements.language.value,
    topic_id: topic ? Number(topic) : null,
  }, T.edit_saved).then((ack) => {
    if (ack && ack.ok) {
      view.drafts.delete(key);
      view.editingQuestion = null;
    }
  });
}

async function submitAnswer(q, form) {
  const ack = await run(q, "write_answer", {
    text: form.querySelector("textarea").value,
    language: form.elements.language.value,
  }, T.answer_saved);
  if (ack && ack.ok) view.drafts.delete("answer:" + q.id);
}

async function translateAnswer(q, form) {
  const lang = form.dataset.lang;
  const ack = await live.emit("translate", {
    question_id: q.id, language: lang, text: form.querySelector("textarea").value, part: "answer",
  });
  if (!ack.ok) notify(ack.message || T.error);
  else view.drafts.delete("atr:" + q.id + ":" + lang);
  forgetDetail();
  scheduleRender();
}

const FORMS = { edit: submitEdit, answer: submitAnswer, "translate-answer": translateAnswer };

function onOp(q, target) {
  const op = target.dataset.op;
  if (op === "merge-ask" || op === "merge-swap") {
    // Open the dialog (the default survivor), or keep the other one instead.
    const keep = op === "merge-swap" ? Number(target.dataset.keep) : null;
    view.drafts.set("merge:" + q.id, { other: Number(target.dataset.id), keep });
    patchSuggestions(q.id);
    ui.detail.querySelector(".merge-confirm [data-op=merge-confirm]")?.focus();
  } else if (op === "merge-cancel") {
    view.drafts.delete("merge:" + q.id);
    patchSuggestions(q.id);
  } else if (op === "merge-confirm") {
    const other = live.state.questions.get(Number(target.dataset.id));
    const keep = Number(target.dataset.keep);
    view.drafts.delete("merge:" + q.id);
    if (other) {
      const [stays, goes] = keep === q.id ? [q, other] : [other, q];
      run(goes, "merge", { into: stays.id }, T.merged_done).then((ack) => {
        if (ack && ack.ok && goes === q) select(stays.id); // the one on screen went into it
      });
    }
  } else if (op === "unmerge") {
    const other = live.state.questions.get(Number(target.dataset.id));
    if (other) run(other, "unmerge");
  } else if (op === "queue-add") {
    run(q, "queue", { position: 1e6 }); // past the end: last
  } else if (op === "queue-remove") {
    run(q, "queue", { position: null });
  } else if (op === "flag") {
    run(q, "flag", { flag: target.dataset.flag || null });
  } else if (op === "edit-open") {
    view.editingQuestion = view.editingQuestion === q.id ? null : q.id;
  } else {
    return false;
  }
  return true;
}

export function wireToolkit() {
  ui.detail.addEventListener("click", (e) => {
    const q = selected();
    const target = e.target.closest("[data-op]");
    if (q && target && onOp(q, target) && target.dataset.op !== "edit-open") e.preventDefault();
  });
  ui.detail.addEventListener("submit", (e) => {
    const q = selected();
    const handler = FORMS[e.target.dataset.form];
    if (!q || !handler) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    handler(q, e.target);
  });
}
