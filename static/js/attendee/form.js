/*
 * form.js: the ask form as it looks: the character counter, whether questions are
 * taken (closed, sending, too long) and the language confirmation step.
 */

import { format } from "../live.js";
import { $, S, languageName, numbers, setText, view } from "./page.js";
import { currentEvent, ui } from "./state.js";

export const MAX_CHARS = 500;

function length() {
  return [...view.text.value.trim()].length;
}

export function tooLong() {
  return length() > MAX_CHARS;
}

// The event's title, and whether it takes questions now.
export function renderEvent(event) {
  if (!event) return;
  setText(view.title, event.title);
  const closed = !event.accepting;
  view.closed.hidden = !closed;
  view.fields.disabled = closed;
  // aria-disabled, never disabled: Send keeps the focus while it sends (ask.js checks again).
  const unavailable = closed || ui.sending || tooLong();
  view.submit.setAttribute("aria-disabled", String(unavailable));
  view.submit.setAttribute("aria-busy", String(ui.sending));
  view.offline.hidden = ui.connection !== "offline";
  if (closed) hideConflict();
}

export function updateCounter() {
  const n = length();
  view.counter.textContent = format(S.counter, { n: numbers.format(n), max: numbers.format(MAX_CHARS) });
  view.counter.classList.toggle("is-over", n > MAX_CHARS);
  view.text.setAttribute("aria-invalid", String(n > MAX_CHARS));
  renderEvent(currentEvent());
}

// The server heard another language than the one chosen: ask which one it is.
export function showConflict(payload, ack) {
  ui.conflictPayload = { payload, detected: ack.detected };
  view.feedback.textContent = "";
  $(".conflict-message", view.conflict).textContent = ack.message || "";
  $('[data-choice="detected"]', view.conflict).textContent = format(S.conflict_send_as, {
    language: languageName(ack.detected),
  });
  $('[data-choice="keep"]', view.conflict).textContent = format(S.conflict_keep, {
    language: languageName(payload.language),
  });
  view.conflict.hidden = false;
  $('[data-choice="detected"]', view.conflict).focus();
}

export function hideConflict() {
  view.conflict.hidden = true;
  ui.conflictPayload = null;
}
