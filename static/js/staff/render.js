/*
 * render.js: redraws the whole dashboard from the view and the question store, at once
 * or (for live updates) once per animation frame.
 */

import { renderList, renderTabs } from "./cards.js";
import { renderDetail } from "./detail.js";
import { renderLanes } from "./lanes.js";

export function renderAll() {
  renderTabs();
  renderLanes();
  renderList();
  renderDetail();
}

let frame = 0;
export function scheduleRender() {
  if (!frame) frame = window.requestAnimationFrame(() => {
    frame = 0;
    renderAll();
  });
}
