/*
 * render.js: redraws the page from the live state: the lists, the banner, the event;
 * at once after the attendee's own actions, once per frame for live messages.
 */

import { renderBanner } from "./banner.js";
import { renderEvent } from "./form.js";
import { renderLists } from "./lists.js";
import { live } from "./state.js";

export function render() {
  if (frame) window.cancelAnimationFrame(frame);
  frame = 0;
  const open = renderLists();
  renderBanner(open.find((q) => q.highlighted));
  renderEvent(live.state.event);
}

// Live messages render once per animation frame: a burst of questions is one redraw.
let frame = 0;
export function scheduleRender() {
  if (!frame) frame = window.requestAnimationFrame(render);
}
