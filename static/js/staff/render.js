/*
 * render.js: redraws the whole dashboard from the view and the question store, at once
 * or (for live updates) once per animation frame: a burst of questions is one redraw.
 */

import { renderList, renderTabs } from "./cards.js";
import { renderDetail } from "./detail.js";
import { renderBulk } from "./bulk.js";
import { renderLanes } from "./lanes.js";
import { loadSuggestions } from "./toolkit-actions.js";
import { renderUpNext } from "./upnext.js";

export function renderAll(onlyVotes = false) {
  if (!onlyVotes) renderTabs(); // votes move no question from one tab to another
  renderLanes();
  renderUpNext();
  renderBulk();
  renderList();
  renderDetail();
  loadSuggestions();
}

let frame = 0;
let votesOnly = true; // whether every change since the last frame was a vote count
export function scheduleRender(kind) {
  votesOnly = votesOnly && kind === "votes";
  if (!frame) frame = window.requestAnimationFrame(() => {
    frame = 0;
    const onlyVotes = votesOnly;
    votesOnly = true;
    renderAll(onlyVotes);
  });
}
