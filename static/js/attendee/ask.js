/*
 * ask.js: sending a question: checks before sending, the server's answer, and the
 * choice of language when the server heard another one. A question asked while offline
 * waits and is sent once, after the page has re-synced; the asker is told when it went.
 */

import { format } from "../live.js";
import { MAX_CHARS, hideConflict, renderEvent, showConflict, tooLong, updateCounter } from "./form.js";
import { rememberOwn } from "./notices.js";
import { S, numbers, view } from "./page.js";
import { render } from "./render.js";
import { currentEvent, live, ui } from "./state.js";

function askPayload() {
  const payload = { text: view.text.value.trim(), language: view.language.value };
  const name = view.name.value.trim();
  if (name) payload.name = name;
  if (view.topic && view.topic.value) payload.topic_id = Number(view.topic.value);
  return payload;
}

function say(text, kind) {
  view.feedback.textContent = text;
  view.feedback.dataset.kind = kind;
}

// Offline, the question waits (once) and goes out after the page has re-synced.
function queue(payload) {
  ui.queued = payload;
  say(S.queued, "info");
}

export function sendQueued() {
  const payload = ui.queued;
  if (!payload || ui.sending || ui.connection !== "live") return;
  ui.queued = null;
  send(payload, true);
}

async function send(payload, wasQueued = false) {
  ui.sending = true;
  const hadFocus = view.conflict.contains(document.activeElement);
  hideConflict();
  if (hadFocus) view.text.focus(); // the language buttons are gone: back to the question
  view.submit.textContent = S.sending;
  renderEvent(currentEvent());
  const ack = await live.emit("ask", payload);
  ui.sending = false;
  view.submit.textContent = S.send;
  if (!ack.ok && ack.error === "offline") {
    queue(payload); // never reached the server, so sending it later cannot duplicate it
  } else if (ack.ok) {
    const question = ack.question;
    rememberOwn(question);
    if (!live.state.questions.has(question.id)) live.state.questions.set(question.id, question);
    if (!wasQueued || view.text.value.trim() === payload.text) view.text.value = "";
    const sent = question.state === "pending" ? S.sent_pending : S.sent_published;
    say(wasQueued ? format(S.sent_after_reconnect, { message: sent }) : sent, "ok");
    updateCounter();
    render();
  } else if (ack.error === "conflict" && ack.detected) {
    showConflict(payload, ack);
  } else if (ack.error === "unavailable") {
    // Already retried once by live.emit; the text stays in the box, ready to send again.
    view.feedback.textContent = S.unavailable_ask;
    view.feedback.dataset.kind = "error";
  } else {
    view.feedback.textContent = ack.message || S.error;
    view.feedback.dataset.kind = "error";
  }
  renderEvent(currentEvent());
}

export function wireAsk() {
  view.conflict.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-choice]")?.dataset.choice;
    const pending = ui.conflictPayload;
    if (!choice || !pending || ui.sending) return;
    const language = choice === "detected" ? pending.detected : pending.payload.language;
    if (choice === "detected" && [...view.language.options].some((o) => o.value === language)) {
      view.language.value = language;
    }
    send({ ...pending.payload, language, confirm_language: true });
  });

  view.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (ui.sending || !currentEvent().accepting) return;
    const payload = askPayload();
    view.feedback.dataset.kind = "error";
    if (!payload.text) {
      view.feedback.textContent = S.empty;
      view.text.focus();
    } else if (tooLong()) {
      view.feedback.textContent = format(S.too_long, { max: numbers.format(MAX_CHARS) });
      view.text.focus();
    } else if (ui.connection !== "live") {
      queue(payload);
    } else {
      send(payload);
    }
  });
  view.text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      view.form.requestSubmit();
    }
  });
  view.language.addEventListener("change", hideConflict);
  view.text.addEventListener("input", () => {
    hideConflict();
    updateCounter();
  });
}
