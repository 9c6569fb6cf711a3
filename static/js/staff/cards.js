/*
 * cards.js: the tabs with their counts, and the list of question cards under them.
 *
 * A card shows the question's language, votes, flags, author, time, text, topic, panelist
 * (direct or through interpretation), missing translations and, for moderators, the
 * quick actions of its state.
 */

import { format } from "../live.js";
import { el } from "./dom.js";
import { code, languageName, numbers, time } from "./format.js";
import { bulkBox } from "./bulk.js";
import { rights, T, ui } from "./page.js";
import {
  ACTIONS,
  countOf,
  listOf,
  missingLanguages,
  myPanelistIds,
  panelistOf,
  QUICK,
  shownList,
  speaks,
  view,
} from "./state.js";
import { languageList } from "./toolkit.js";

export function renderTabs() {
  for (const button of ui.tabs.querySelectorAll("[role=tab]")) {
    const tab = button.dataset.tab;
    button.setAttribute("aria-selected", String(tab === view.tab));
    button.tabIndex = tab === view.tab ? 0 : -1;
    button.querySelector(".count").textContent = numbers.format(countOf(tab));
  }
  ui.listPane.setAttribute("aria-labelledby", "tab-" + view.tab);
  ui.deskAll.hidden = view.tab !== "desk";
}

// Draws the eye to a tab that gained a question while another tab is shown.
export function pulse(tab) {
  const button = document.getElementById("tab-" + tab);
  if (!button) return;
  button.classList.remove("pulse");
  void button.offsetWidth; // restart the animation
  button.classList.add("pulse");
}

function chip(className, text, title) {
  return el("span", { class: "chip " + className, title }, text);
}

function card(q) {
  const selected = q.id === view.selectedId;
  const panelist = q.panelist && panelistOf(q.panelist.id);
  const mine = q.panelist && myPanelistIds().has(q.panelist.id);
  const missing = missingLanguages(q);
  const quick = rights.moderate
    ? (QUICK[q.state] || []).filter((action) => !ACTIONS[action].when || ACTIONS[action].when(q))
    : [];
  return el(
    "li",
    {
      class: "qcard" + (selected ? " selected" : "") + (q.highlighted ? " on-screen" : ""),
      dataset: { id: q.id, state: q.state },
      "aria-current": selected ? "true" : null,
      tabindex: "-1",
    },
    el(
      "div",
      { class: "card-meta" },
      bulkBox(q),
      el("span", { class: "lang-code", title: languageName(q.language) }, code(q.language)),
      el("span", { class: "votes", title: T.votes }, el("span", { "aria-hidden": "true" }, "▲ "), numbers.format(q.votes)),
      q.highlighted && el("span", { class: "flag flag-now" }, T.on_screen),
      mine && el("span", { class: "flag flag-own" }, T.mine),
      q.queue_position !== null && q.queue_position !== undefined &&
        el("span", { class: "flag flag-queue" }, format(T.queue_position, { n: numbers.format(q.queue_position + 1) })),
      q.interpreter_flag &&
        el("span", { class: "flag flag-interpreter", dataset: { flag: q.interpreter_flag } }, T["flag_" + q.interpreter_flag]),
      q.edited && el("span", { class: "flag flag-edited" }, T.edited_mark),
      q.outcome === "written" && el("span", { class: "flag flag-written" }, T.outcome_written),
      el("span", { class: "who" }, q.name || T.anonymous),
      el("time", { datetime: q.asked_at }, time(q.asked_at)),
    ),
    el("p", { class: "card-text", lang: q.language, dir: "auto" }, q.text),
    el(
      "div",
      { class: "card-foot" },
      q.topic && chip("chip-topic", q.topic.title, T.topic),
      (q.also_asked_in || []).length > 0 &&
        chip("chip-also", format(T.also_asked_in, { languages: languageList(q.also_asked_in) })),
      q.panelist &&
        chip(
          "chip-panelist" + (speaks(panelist, q) ? " direct" : " interpreted"),
          q.panelist.name,
          speaks(panelist, q) ? T.short_direct : T.short_interpretation,
        ),
      missing.length > 0 &&
        chip("chip-missing", format(T.missing, { languages: missing.map(code).join(" · ") })),
      quick.length > 0 &&
        el(
          "span",
          { class: "quick" },
          quick.map((action) =>
            el(
              "button",
              { type: "button", class: "btn btn-small act-" + action, dataset: { action }, disabled: view.busy.has(q.id) },
              T[action],
            ),
          ),
        ),
    ),
  );
}

function emptyText() {
  if (view.tab === "mine" && myPanelistIds().size === 0) return T.empty_no_seat;
  if (view.language !== "all" && listOf(view.tab, "all").length) return T.empty_language;
  return T["empty_" + view.tab];
}

export function renderList() {
  const list = shownList();
  if (view.selectedId === null && list.length) view.selectedId = list[0].id;
  ui.cards.replaceChildren(...list.map(card));
  ui.empty.hidden = list.length > 0;
  ui.empty.textContent = list.length ? "" : emptyText();
}
