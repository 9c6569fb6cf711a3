/*
 * navigation.js: moving around the dashboard: selecting a question, stepping through the
 * list, switching tabs, filtering by language, jumping to the next question from a
 * language, and holding the cards in place under the pointer.
 */

import { format } from "../live.js";
import { languageName } from "./format.js";
import { notify } from "./notices.js";
import { page, T, ui } from "./page.js";
import { renderAll, scheduleRender } from "./redraw.js";
import { byVotes, listOf, questions, shownList, view } from "./state.js";

export function select(id, scroll) {
  view.selectedId = id;
  view.dismissingId = null;
  renderAll();
  if (scroll && id !== null) {
    const node = ui.cards.querySelector(`[data-id="${id}"]`);
    if (node) {
      node.scrollIntoView({ block: "nearest" });
      node.focus({ preventScroll: true });
    }
  }
}

// The question to select once this one leaves the list: the one below it, else above.
export function neighbourOf(id) {
  const list = shownList();
  const index = list.findIndex((q) => q.id === id);
  if (index < 0) return null;
  const next = list[index + 1] || list[index - 1];
  return next ? next.id : null;
}

export function move(step) {
  const list = shownList();
  if (!list.length) return;
  const index = list.findIndex((q) => q.id === view.selectedId);
  const next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
  select(list[next].id, true);
}

export function showTab(tab, focusTab) {
  if (!page.tabs.includes(tab)) return;
  view.tab = tab;
  view.frozen = null;
  const list = listOf(tab);
  if (!list.some((q) => q.id === view.selectedId)) view.selectedId = list.length ? list[0].id : null;
  view.dismissingId = null;
  const wasInList = ui.listPane.contains(document.activeElement);
  renderAll();
  if (focusTab) document.getElementById("tab-" + tab).focus();
  else if (wasInList || document.activeElement === document.body) {
    // The list under the focus was swapped for another: go to its selected card.
    const node = ui.cards.querySelector(`[data-id="${view.selectedId}"]`);
    (node || ui.listPane).focus({ preventScroll: true });
  }
}

function nextFrom(lang) {
  const candidates = questions()
    .filter((q) => q.language === lang && q.state === "published" && !q.highlighted)
    .sort(byVotes);
  if (!candidates.length) {
    notify(format(T.next_none, { language: languageName(lang) }), "info");
    return;
  }
  if (view.language !== "all" && view.language !== lang) view.language = "all";
  view.tab = "published";
  view.frozen = null;
  select(candidates[0].id, true);
}

export function wireNavigation() {
  ui.tabs.addEventListener("click", (e) => {
    const button = e.target.closest("[role=tab]");
    if (button) showTab(button.dataset.tab);
  });

  ui.tabs.addEventListener("keydown", (e) => {
    const rtl = document.documentElement.dir === "rtl";
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    if (!step) return;
    const index = page.tabs.indexOf(view.tab);
    showTab(page.tabs[(index + step + page.tabs.length) % page.tabs.length], true);
    e.preventDefault();
  });

  ui.laneAll.addEventListener("click", () => {
    view.language = "all";
    renderAll();
  });

  ui.lanes.addEventListener("click", (e) => {
    const filter = e.target.closest("[data-lane]");
    const next = e.target.closest("[data-next]");
    if (filter) {
      view.language = view.language === filter.dataset.lane ? "all" : filter.dataset.lane;
      renderAll();
    } else if (next) {
      nextFrom(next.dataset.next);
    }
  });

  ui.cards.addEventListener("pointerenter", () => {
    view.frozen = new Map(shownList().map((q, i) => [q.id, i]));
  });
  ui.cards.addEventListener("pointerleave", () => {
    view.frozen = null;
    scheduleRender();
  });

  if (ui.deskAllBox) {
    ui.deskAllBox.addEventListener("change", () => {
      view.deskAll = ui.deskAllBox.checked;
      renderAll();
    });
  }
}
