/*
 * tabs.js: the open and answered tabs, by pointer or arrow keys (mirrored right to left).
 */

import { $, view } from "./page.js";
import { ui } from "./state.js";

function selectTab(name) {
  ui.tab = name;
  // Sorting and pausing only apply to the open questions.
  $(".sort-pause").hidden = name !== "open";
  view.pausedHint.classList.toggle("is-elsewhere", name !== "open");
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
  }
}

export function wireTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const forward = document.documentElement.dir === "rtl" ? -step : step;
      const next = tabs[(tabs.indexOf(tab) + forward + tabs.length) % tabs.length];
      selectTab(next.id.slice(4));
      next.focus();
    });
  }
}
