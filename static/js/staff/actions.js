/*
 * actions.js: what a staff member does to a question, from a card, the detail pane or
 * the keyboard: moderation actions (dismiss asks for a reason first), assigning a
 * panelist, the answer note, and translations.
 */

import { format } from "../live.js";
import { wireAssign } from "./assign.js";
import { forgetDetail, renderDetail } from "./detail.js";
import { firstWords, languageName } from "./format.js";
import { neighbourOf, select } from "./navigation.js";
import { announce, notify } from "./notices.js";
import { rights, T, ui } from "./page.js";
import { renderAll, scheduleRender } from "./redraw.js";
import { ACTIONS, inTab, live, selected, view } from "./state.js";

// What a screen reader hears once an action went through.
function outcome(action, question, extra) {
  const words = firstWords(question.text);
  if (action === "assign") {
    return question.panelist
      ? format(T.done_assign, { name: question.panelist.name, question: words })
      : format(T.done_unassign, { question: words });
  }
  return T["done_" + action] ? format(T["done_" + action], { question: words }) : "";
}

// After a question left the list, the focus goes where the user would go next: the same
// quick action on the next card (approving down the queue with Enter), else the next card.
function focusSuccessor(nextId, action, fromCard) {
  const node = nextId === null ? null : ui.cards.querySelector(`[data-id="${nextId}"]`);
  const same = node && fromCard && node.querySelector(`[data-action="${action}"]`);
  if (same) same.focus();
}

export async function moderate(q, action, extra = {}) {
  if (view.busy.has(q.id)) return null;
  const next = neighbourOf(q.id);
  const active = document.activeElement;
  const fromCard = Boolean(active && active.dataset && active.dataset.action && ui.cards.contains(active));
  view.busy.add(q.id);
  renderAll();
  // approve carries the version of the text on the card: an asker's later edit is not
  // published unseen (the server answers conflict, and the card already shows the edit).
  const version = action === "approve" && q.version ? { version: q.version } : {};
  const ack = await live.emit("moderate", { question_id: q.id, action, ...version, ...extra });
  view.busy.delete(q.id);
  if (!ack.ok) {
    notify(ack.message || T.error);
    forgetDetail(); // rebuild the pane: a select may show a choice that was refused
  } else {
    if (action === "dismiss") {
      view.dismissingId = null;
      view.drafts.delete("reason:" + q.id);
    }
    if (action === "note") {
      view.drafts.delete("note:" + q.id);
      notify(T.note_saved, "info");
    }
    announce(outcome(action, ack.question, extra));
    // The broadcast of this change has already arrived (same connection, sent before the ack).
    if (!inTab(ack.question, view.tab) && view.selectedId === q.id) {
      select(next, true);
      focusSuccessor(next, action, fromCard);
    }
  }
  renderAll();
  return ack;
}

export function runAction(q, action) {
  const spec = ACTIONS[action];
  if (!rights.moderate || !q) return;
  if (!spec.from.includes(q.state) || (spec.when && !spec.when(q))) {
    notify(T.not_now, "info");
    return;
  }
  if (action === "dismiss") {
    openDismiss(q);
    return;
  }
  moderate(q, action);
}

// Bans whoever asked q (the server dismisses all their open questions), after a confirm.
async function banAsker(q) {
  if (view.busy.has(q.id) || !window.confirm(T.ban_confirm)) return;
  const input = ui.detail.querySelector("[data-key='reason:" + q.id + "']");
  view.busy.add(q.id);
  const ack = await live.emit("ban", { question_id: q.id, reason: input ? input.value : null });
  view.busy.delete(q.id);
  if (!ack.ok) {
    notify(ack.message || T.error);
  } else {
    view.dismissingId = null;
    view.drafts.delete("reason:" + q.id);
    notify(T.banned, "info");
  }
  scheduleRender();
}

function openDismiss(q) {
  view.selectedId = q.id;
  view.dismissingId = q.id;
  renderAll();
  const input = ui.detail.querySelector("[data-key='reason:" + q.id + "']");
  if (input) input.focus();
}

async function saveTranslation(q, lang) {
  const key = "tr:" + q.id + ":" + lang;
  const textarea = ui.detail.querySelector(`[data-key="${key}"]`);
  const ack = await live.emit("translate", { question_id: q.id, language: lang, text: textarea ? textarea.value : "" });
  if (!ack.ok) {
    notify(ack.message || T.error);
    return;
  }
  view.drafts.delete(key);
  view.editing.delete(q.id + ":" + lang);
  notify(format(T.translation_saved, { language: languageName(lang) }), "info");
  renderAll();
}

export function openEditor(q, lang) {
  view.editing.add(q.id + ":" + lang);
  renderDetail();
  const textarea = ui.detail.querySelector(`[data-key="tr:${q.id}:${lang}"]`);
  if (textarea) textarea.focus();
}

export function wireActions() {
  ui.cards.addEventListener("click", (e) => {
    const node = e.target.closest(".qcard");
    if (!node || e.target.closest("[data-bulk]")) return; // bulk.js handles the box
    const q = live.state.questions.get(Number(node.dataset.id));
    const button = e.target.closest("[data-action]");
    if (button) runAction(q, button.dataset.action);
    else if (q) select(q.id);
  });

  ui.detail.addEventListener("click", (e) => {
    const q = selected();
    const target = e.target.closest("[data-action], [data-op]");
    if (!q || !target) return;
    if (target.dataset.action) runAction(q, target.dataset.action);
    else if (target.dataset.op === "ban") banAsker(q);
    else if (target.dataset.op === "dismiss-cancel") {
      view.dismissingId = null;
      renderDetail();
    } else if (target.dataset.op === "translate-edit") openEditor(q, target.dataset.lang);
    else if (target.dataset.op === "translate-cancel") {
      view.editing.delete(q.id + ":" + target.dataset.lang);
      view.drafts.delete("tr:" + q.id + ":" + target.dataset.lang);
      renderDetail();
    }
  });

  ui.detail.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = selected();
    const form = e.target;
    if (!q) return;
    if (form.dataset.form === "dismiss") {
      const code = form.elements.reason_code.value;
      moderate(q, "dismiss", { reason: form.querySelector("input").value, reason_code: code || null });
    } else if (form.dataset.form === "note") {
      moderate(q, "note", { note: form.querySelector("textarea").value });
    } else if (form.dataset.form === "translate") {
      saveTranslation(q, form.dataset.lang);
    }
  });

  ui.detail.addEventListener("input", (e) => {
    if (e.target.dataset.key && e.target.tagName !== "SELECT") view.drafts.set(e.target.dataset.key, e.target.value);
  });

  wireAssign(moderate);

  ui.detail.addEventListener("keydown", (e) => {
    if (e.target.dataset.key === "assign") return;
    // Ctrl+Enter (or Cmd+Enter) saves a text area's form.
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.tagName === "TEXTAREA") {
      e.preventDefault();
      e.target.form.requestSubmit();
    }
  });
}
