/*
 * assign.js: the panelist select of the detail pane. It assigns on an explicit choice
 * only: a pick with the pointer (or from the open list), Enter, or leaving the field on
 * another choice. Arrow keys on the closed select only browse (Chromium fires "change"
 * for each of them) and show the hint to press Enter; Esc puts back the current panelist.
 * wireAssign(moderate) is called once by actions.js with its moderate(q, action, fields).
 */

import { renderDetail } from "./detail.js";
import { ui } from "./page.js";
import { selected, view } from "./state.js";

const BROWSE_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

function assignedValue(q) {
  return q.panelist ? String(q.panelist.id) : "";
}

function commitAssign(select, moderate) {
  const q = selected();
  select.dataset.browsing = "";
  view.drafts.delete("assign:" + (q && q.id));
  if (!q || select.value === assignedValue(q) || view.busy.has(q.id)) return;
  moderate(q, "assign", { panelist_id: select.value ? Number(select.value) : null });
}

export function wireAssign(moderate) {
  const isAssign = (target) => target.dataset && target.dataset.key === "assign";
  ui.detail.addEventListener("keydown", (e) => {
    if (!isAssign(e.target)) return;
    const select = e.target;
    if (e.key === "Enter") {
      e.preventDefault();
      commitAssign(select, moderate);
    } else if (e.key === "Escape") {
      const q = selected();
      if (q && select.value !== assignedValue(q)) {
        select.value = assignedValue(q);
        e.stopPropagation();
      }
      select.dataset.browsing = "";
      view.drafts.delete("assign:" + (q && q.id));
      renderDetail(true);
    } else if (BROWSE_KEYS.has(e.key) && !e.altKey) {
      select.dataset.browsing = "true";
    } else if (e.key.length === 1 && e.key !== " ") {
      select.dataset.browsing = "true"; // typing a name's first letters also browses
    } else {
      select.dataset.browsing = "";
    }
  });
  ui.detail.addEventListener("change", (e) => {
    if (!isAssign(e.target)) return;
    const q = selected();
    if (e.target.dataset.browsing) {
      if (q) view.drafts.set("assign:" + q.id, e.target.value);
      e.target.closest(".assign").querySelector(".assign-confirm").hidden = false;
    } else {
      commitAssign(e.target, moderate);
    }
  });
  ui.detail.addEventListener("focusout", (e) => {
    if (isAssign(e.target) && e.target.dataset.browsing) commitAssign(e.target, moderate);
  });
}

