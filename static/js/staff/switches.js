/*
 * switches.js: the premoderation and accepting switches (shown to those who may
 * configure the event), kept in step with the event's settings as they arrive. A switch
 * waiting for the server is aria-busy, not disabled, so it keeps the focus.
 */

import { notify } from "./notices.js";
import { T, ui } from "./page.js";
import { live } from "./state.js";

export function syncSwitches(ev) {
  if (!ev) return;
  if (ui.premoderation) ui.premoderation.checked = ev.premoderation;
  if (ui.accepting) ui.accepting.checked = ev.accepting;
}

async function configure(input, setting) {
  const wanted = input.checked;
  if (input.getAttribute("aria-busy") === "true") {
    input.checked = !wanted; // one change at a time; the switch keeps the focus meanwhile
    return;
  }
  input.setAttribute("aria-busy", "true");
  const ack = await live.emit("configure", { [setting]: wanted });
  input.removeAttribute("aria-busy");
  if (!ack.ok) {
    input.checked = !wanted;
    notify(ack.message || T.error);
    return;
  }
  syncSwitches(ack.event);
  notify(T[setting + (wanted ? "_on" : "_off")], "info");
}

export function wireSwitches() {
  if (ui.premoderation) ui.premoderation.addEventListener("change", () => configure(ui.premoderation, "premoderation"));
  if (ui.accepting) ui.accepting.addEventListener("change", () => configure(ui.accepting, "accepting"));
}
