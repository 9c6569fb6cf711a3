/*
 * render.js: redraws the page from the live state: the lists, the banner, the event;
 * at once after the attendee's own actions, once per frame for live messages.
 *
 * Each redraw draws cards for about FRAME_MS of script and moves a bounded number
 * (lists.js); what is left over (a burst of new cards, or a re-sync that changed or
 * reordered hundreds) is done on the next frames, so no task holds the page for long
 * (bench/browser.py: none over 50 ms of CPU, docs/performance.md).
 */

import { renderBanner } from "./banner.js";
import { renderEvent } from "./form.js";
import { renderLists } from "./lists.js";
import { live } from "./state.js";

// Script time for cards in one frame, leaving the rest of the frame's 16 ms to style,
// layout and paint.
const FRAME_MS = 6;

export function render() {
  if (frame) window.cancelAnimationFrame(frame);
  frame = 0;
  const { open, more } = renderLists(performance.now() + FRAME_MS);
  renderBanner(open.find((q) => q.highlighted));
  renderEvent(live.state.event);
  if (more) scheduleRender();
}

// Live messages render once per animation frame: a burst of questions is one redraw.
let frame = 0;
export function scheduleRender() {
  if (!frame) frame = window.requestAnimationFrame(render);
}
