/*
 * render.js: redraws the whole dashboard from the view and the question store, at once
 * or (for live updates) once per animation frame.
 */

import { renderList, renderTabs } from "./cards.js";
import { renderDetail } from "./detail.js";
import { renderBulk } from "./bulk.js";
import { renderLanes } from "./lanes.js";
import { loadSuggestions } from "./toolkit-actions.js";
import { renderUpNext } from "./upnext.js";

export function renderAll() {
  renderTabs();
  renderLanes();
  renderUpNext();
  renderBulk();
  renderList();
  renderDetail();
  loadSuggestions();
}

let frame = 0;
export function scheduleRender() {
  if (!frame) frame = window.requestAnimationFrame(() => {
    frame = 0;
    renderAll();
  });
}
