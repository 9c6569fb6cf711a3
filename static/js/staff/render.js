/*
 * render.js: redraws the whole dashboard from the view and the question store, at once
 * or (for live updates) once per animation frame: a burst of questions is one redraw.
 *
 * Each redraw draws cards for about FRAME_MS of script (counting the tabs, lanes and up
 * next drawn before them) and moves a bounded number (cards.js); what is left over (a
 * burst of new cards, or a re-sync that changed or reordered hundreds) is done on the
 * next frames, top of the list first, so no task holds the page for long
 * (bench/browser.py: none over 50 ms of CPU, docs/performance.md). The card the user is
 * on is always drawn at once. A frame that only has such leftovers redraws the list alone.
 */

import { renderList, renderTabs } from "./cards.js";
import { renderDetail } from "./detail.js";
import { renderBulk } from "./bulk.js";
import { renderLanes } from "./lanes.js";
import { loadSuggestions } from "./toolkit-actions.js";
import { setDrawing } from "./redraw.js";
import { view } from "./state.js";
import { renderUpNext } from "./upnext.js";

// Script time for cards in one frame, leaving the rest of the frame's 16 ms to style,
// layout and paint.
const FRAME_MS = 6;
const MORE = "more"; // cards left over by the last redraw

export function renderAll(onlyVotes = false) {
  const deadline = performance.now() + FRAME_MS;
  if (!onlyVotes) renderTabs(); // votes move no question from one tab to another
  renderLanes();
  renderUpNext();
  renderBulk();
  const more = renderList(deadline);
  renderDetail();
  loadSuggestions();
  if (more) scheduleRender(MORE);
}

// A frame that only finishes the cards: nothing else changed since the last redraw.
function finishList() {
  const selectedId = view.selectedId;
  const more = renderList(performance.now() + FRAME_MS);
  if (view.selectedId !== selectedId) {
    renderDetail();
    loadSuggestions();
  }
  if (more) scheduleRender(MORE);
}

let frame = 0;
let votesOnly = true; // whether every change since the last frame was a vote count
let listOnly = true; // whether the next frame only has cards left over to draw or move
export function scheduleRender(kind) {
  votesOnly = votesOnly && (kind === "votes" || kind === MORE);
  listOnly = listOnly && kind === MORE;
  if (!frame) frame = window.requestAnimationFrame(() => {
    frame = 0;
    const onlyVotes = votesOnly;
    const onlyList = listOnly;
    votesOnly = true;
    listOnly = true;
    if (onlyList) finishList();
    else renderAll(onlyVotes);
  });
}

setDrawing(renderAll, scheduleRender);
