/*
 * connection.js: one connection state for the page. live.js writes it to the pill (a
 * status region); here it drives the ask form's note and takes back the notices that
 * only held while offline. Back live (after the re-sync), a question asked while offline
 * is sent.
 */

import { sendQueued } from "./ask.js";
import { renderEvent } from "./form.js";
import { view } from "./page.js";
import { currentEvent, ui } from "./state.js";

export function connectionChanged(status) {
  ui.connection = status;
  if (status === "live") {
    for (const notice of view.notices.querySelectorAll('[data-kind="offline"]')) notice.remove();
    sendQueued();
  }
  renderEvent(currentEvent());
}
