/*
 * shortcuts.js: the keyboard shortcuts and their help overlay (listed in
 * templates/moderate.html). Letters act on the selected question; none of them fire
 * while the focus is in a text field, where Esc leaves the field instead.
 */

import { openEditor, runAction } from "./actions.js";
import { renderDetail } from "./detail.js";
import { move, showTab } from "./navigation.js";
import { rights, ui } from "./page.js";
import { event, missingLanguages, selected, view } from "./state.js";

const TYPING = "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=button])";
const TAB_KEYS = { 1: "incoming", 2: "published", 3: "answered", 4: "dismissed" };

function toggleHelp(open) {
  ui.help.hidden = !open;
  if (open) ui.help.querySelector("#help-close").focus();
  else ui.helpButton.focus();
}

// Leaving a field goes back to the selected question's card, where the letters work again.
function leaveField() {
  renderDetail();
  const card = ui.cards.querySelector(`[data-id="${view.selectedId}"]`);
  (card || ui.detail.querySelector(".detail") || ui.listPane).focus({ preventScroll: true });
}

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const typing = e.target instanceof Element && e.target.closest(TYPING);
  if (e.key === "Escape") {
    if (!ui.help.hidden) toggleHelp(false);
    else if (typing) {
      if (e.target.dataset.key && e.target.dataset.key.startsWith("reason:")) view.dismissingId = null;
      leaveField();
    } else if (view.dismissingId !== null) {
      view.dismissingId = null;
      leaveField();
    }
    return;
  }
  if (typing) return;
  if (e.key === "?") {
    toggleHelp(ui.help.hidden);
    e.preventDefault();
    return;
  }
  if (!ui.help.hidden) return;
  const q = selected();
  let handled = true;
  if (e.key === "j") move(1);
  else if (e.key === "k") move(-1);
  else if (TAB_KEYS[e.key]) showTab(TAB_KEYS[e.key]);
  else if (q && e.key === "a") runAction(q, "approve");
  else if (q && e.key === "d") runAction(q, "dismiss");
  else if (q && e.key === "r") runAction(q, "restore");
  else if (q && e.key === "x") runAction(q, "answer");
  else if (q && e.key === "o") runAction(q, "reopen");
  else if (q && e.key === "h") runAction(q, q.highlighted ? "unhighlight" : "highlight");
  else if (q && e.key === "p" && rights.moderate) ui.detail.querySelector("[data-key=assign]")?.focus();
  else if (q && e.key === "n" && rights.moderate) ui.detail.querySelector(`[data-key="note:${q.id}"]`)?.focus();
  else if (q && e.key === "t" && rights.translate) {
    const lang = missingLanguages(q)[0] || event().languages.find((l) => l !== q.language);
    if (lang) openEditor(q, lang);
  } else handled = false;
  if (handled) e.preventDefault();
}

export function wireShortcuts() {
  ui.helpButton.addEventListener("click", () => toggleHelp(true));
  ui.help.addEventListener("keydown", (e) => {
    // The dialog holds one control: Tab keeps the focus inside it.
    if (e.key === "Tab") {
      e.preventDefault();
      ui.help.querySelector("#help-close").focus();
    }
  });
  ui.help.addEventListener("click", (e) => {
    if (e.target === ui.help || e.target.id === "help-close") toggleHelp(false);
  });
  document.addEventListener("keydown", onKey);
}
