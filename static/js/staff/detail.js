/*
 * detail.js: the detail pane, the selected question in full: state, votes, author and
 * times, the original and every other language (desk.js), the actions its state allows,
 * the dismiss form, the panelist and the answer note (detail-forms.js).
 *
 * The pane is rebuilt only when what it shows changes, so text being typed there is not
 * disturbed by votes arriving; focus and the text selection survive a rebuild.
 */

import { format } from "../live.js";
import { keepingFocus } from "../keyed.js";
import { votesLabel } from "./cards.js";
import { assignSection, dismissForm, noteSection } from "./detail-forms.js";
import { versionBox } from "./desk.js";
import { el } from "./dom.js";
import { code, firstWords, languageName, numbers, time } from "./format.js";
import { page, rights, T, ui } from "./page.js";
import { ACTIONS, event, live, selected, view } from "./state.js";
import {
  answerSection,
  editedNote,
  editSection,
  flagSection,
  languageList,
  mergeSection,
  queueButton,
  readAloudText,
} from "./toolkit.js";

function actionButton(q, action) {
  return el(
    "button",
    {
      type: "button",
      class: "btn act-" + action,
      dataset: { action },
      // aria-disabled, not disabled: the button keeps the focus while its action is under way.
      "aria-disabled": view.busy.has(q.id) ? "true" : null,
    },
    // Named by its content, "Approve: How do public…", the key hint left out.
    T[action],
    el("span", { class: "visually-hidden" }, format(T.action_on, { action: "", question: firstWords(q.text) })),
    " ",
    el("kbd", { "aria-hidden": "true" }, ACTIONS[action].key),
  );
}

function detailFor(q) {
  const state = el("span", { class: "flag flag-" + q.state, dataset: { state: q.state } }, T["state_" + q.state]);
  const actions = rights.moderate
    ? Object.keys(ACTIONS).filter((a) => ACTIONS[a].from.includes(q.state) && (!ACTIONS[a].when || ACTIONS[a].when(q)))
    : [];
  const others = event().languages.filter((lang) => lang !== q.language);
  return el(
    "article",
    { class: "detail", dataset: { id: q.id, state: q.state }, tabindex: "-1" },
    el("h2", { class: "visually-hidden" }, T.selected_question),
    el(
      "header",
      { class: "detail-head" },
      state,
      q.highlighted && el("span", { class: "flag flag-now" }, T.on_screen),
      el(
        "span",
        { class: "detail-votes", title: T.votes },
        el("span", { "aria-hidden": "true" }, "▲ ", el("span", { class: "n" }, numbers.format(q.votes))),
        el("span", { class: "visually-hidden n-label" }, votesLabel(q.votes)),
      ),
      el("span", { class: "detail-id" }, "#" + q.id),
    ),
    el(
      "p",
      { class: "detail-meta" },
      el("span", {}, q.name || T.anonymous),
      el("span", {}, format(T.asked_at, { time: time(q.asked_at) })),
      q.answered_at && el("span", {}, format(T.answered_at, { time: time(q.answered_at) })),
      q.topic && el("span", { class: "chip chip-topic" }, q.topic.title),
      q.edited && el("span", { class: "flag flag-edited" }, T.edited_mark),
      (q.also_asked_in || []).length > 0 &&
        el("span", { class: "chip chip-also" }, format(T.also_asked_in, { languages: languageList(q.also_asked_in) })),
    ),
    q.state === "published" && el("p", { class: "read-aloud" }, readAloudText(q)),
    el(
      "section",
      { class: "versions", "aria-label": T.versions },
      el(
        "div",
        { class: "version original", dataset: { lang: q.language } },
        el("h3", {}, el("span", { class: "lang-code", "aria-hidden": "true" }, code(q.language)), " ", format(T.original, { language: languageName(q.language) })),
        el("p", { class: "version-text", lang: q.language, dir: "auto" }, q.text),
      ),
      others.map((lang) => versionBox(q, lang)),
    ),
    editedNote(q),
    (actions.length > 0 || queueButton(q)) &&
      el("div", { class: "actions" }, actions.map((a) => actionButton(q, a)), queueButton(q)),
    view.dismissingId === q.id && q.state !== "dismissed" && dismissForm(q),
    q.state === "dismissed" && q.dismiss_reason && el("p", { class: "reason" }, format(T.dismissed_because, { reason: q.dismiss_reason })),
    page.tabs.includes("incoming") && assignSection(q),
    page.tabs.includes("incoming") && noteSection(q),
    flagSection(q),
    editSection(q),
    answerSection(q),
    mergeSection(q),
    !rights.moderate && page.tabs.includes("incoming") && el("p", { class: "read-only" }, T.read_only),
  );
}

let shownDetail = null; // what the detail pane shows, to rebuild it only when that changes

function detailSignature(q) {
  return JSON.stringify([
    q && { ...q, votes: 0 },
    view.dismissingId,
    [...view.editing],
    view.suggestions.get(view.selectedId),
    view.busy.has(view.selectedId),
    event(),
    live.state.me,
  ]);
}

// The next renderDetail() rebuilds the pane even if nothing it shows has changed
// (after a refused action a select may show a choice the server did not take).
export function forgetDetail() {
  shownDetail = null;
}

// Where the focus goes when its element is rebuilt: the same control, or the one that took
// its place (putting a question on screen turns its button into "take off screen").
const SLOTS = { highlight: "screen", unhighlight: "screen", answer: "answer", reopen: "answer" };
function focusKey(node) {
  if (node.dataset.action) return "action:" + (SLOTS[node.dataset.action] || node.dataset.action);
  return node.dataset.key || (node.dataset.op ? node.dataset.op + ":" + (node.dataset.lang || "") : null);
}

export function renderDetail(force) {
  const q = selected();
  const signature = detailSignature(q);
  if (!force && signature === shownDetail) return;
  shownDetail = signature;
  keepingFocus(
    ui.detail,
    focusKey,
    () => ui.detail.replaceChildren(q ? detailFor(q) : el("p", { class: "empty" }, T.select_question)),
    () => ui.detail.querySelector(".detail") || ui.detail,
  );
}

export function patchVotes() {
  // Keep the detail pane (and any text being typed there) untouched: only the number moves.
  const q = selected();
  const votes = ui.detail.querySelector(".detail-votes .n");
  if (q && votes) {
    votes.textContent = numbers.format(q.votes);
    ui.detail.querySelector(".detail-votes .n-label").textContent = votesLabel(q.votes);
  }
}
