/*
 * notices.js: short messages above the lists (errors stay longer than confirmations).
 */

import { el } from "./dom.js";
import { T, ui } from "./page.js";

export function notify(message, kind = "error") {
  const close = el("button", { type: "button", class: "link-button" }, T.close);
  const notice = el(
    "div",
    { class: "notice notice-" + kind, role: kind === "error" ? "alert" : "status" },
    el("p", { class: "notice-text" }, message),
    close,
  );
  close.addEventListener("click", () => notice.remove());
  ui.notices.append(notice);
  while (ui.notices.children.length > 4) ui.notices.firstElementChild.remove();
  window.setTimeout(() => notice.remove(), kind === "error" ? 12000 : 4000);
}

// Says what an action did, politely, to screen readers only (the page shows it already).
let announceTimer = 0;
export function announce(message) {
  if (!message || !ui.announcer) return;
  ui.announcer.textContent = "";
  window.clearTimeout(announceTimer);
  // A fresh text node a moment later: the same message twice in a row is read twice.
  announceTimer = window.setTimeout(() => {
    ui.announcer.textContent = message;
  }, 50);
}
