/*
 * cards.js: the tabs with their counts, and the list of question cards under them.
 *
 * A card shows the question's language, votes, flags, author, time, text, topic, panelist
 * (direct or through interpretation), missing translations and, for moderators, the
 * quick actions of its state.
 *
 * Cards are kept per question id and updated in place: a `votes` message rewrites a
 * count and moves only the cards whose place changed; a card's content is rebuilt only
 * when its question changed, and the focus stays on the control it was on (keyed.js).
 * A redraw is bounded (render.js gives it a deadline): cards to draw in full, or to
 * compare after a re-sync, are drawn from the top of the list down until the deadline and
 * a bounded number of cards move; the rest follows on the next frames (a new card
 * joins the list once drawn, a changed one shows its old content until then). The card
 * the user is on (focused, selected, acted on) is always drawn at once.
 * Busy buttons are aria-disabled, never disabled, so a focused button keeps the focus.
 */

import { format } from "../live.js";
import { keepingFocus, moveNode, placeChildren } from "../keyed.js";
import { el } from "./dom.js";
import { bulkBox } from "./bulk.js";
import { code, firstWords, languageName, numbers, time } from "./format.js";
import { rights, T, ui } from "./page.js";
import {
  ACTIONS,
  countOf,
  event,
  listOf,
  live,
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
    const count = numbers.format(countOf(tab));
    const counter = button.querySelector(".count");
    if (counter.textContent !== count) counter.textContent = count;
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

// "Approve: How do public employment services…": every button says which question.
export function actionLabel(action, q) {
  return format(T.action_on, { action: T[action], question: firstWords(q.text) });
}

export function votesLabel(votes) {
  return format(T.votes_count, { n: numbers.format(votes) });
}

function quickButtons(q) {
  const quick = rights.moderate
    ? (QUICK[q.state] || []).filter((action) => !ACTIONS[action].when || ACTIONS[action].when(q))
    : [];
  if (!quick.length) return false;
  return el(
    "span",
    { class: "quick" },
    quick.map((action) =>
      el(
        "button",
        {
          type: "button",
          class: "btn btn-small act-" + action,
          dataset: { action },
          "aria-label": actionLabel(action, q),
          "aria-disabled": view.busy.has(q.id) ? "true" : null,
        },
        T[action],
      ),
    ),
  );
}

function votesBadge(q) {
  return el(
    "span",
    { class: "votes", title: T.votes },
    el("span", { "aria-hidden": "true" }, "▲ ", el("span", { class: "n" }, numbers.format(q.votes))),
    el("span", { class: "visually-hidden n-label" }, votesLabel(q.votes)),
  );
}

function cardContent(q) {
  const panelist = q.panelist && panelistOf(q.panelist.id);
  const mine = q.panelist && myPanelistIds().has(q.panelist.id);
  const missing = missingLanguages(q);
  return [
    el(
      "div",
      { class: "card-meta" },
      bulkBox(q),
      el("span", { class: "lang-code", title: languageName(q.language), "aria-hidden": "true" }, code(q.language)),
      el("span", { class: "visually-hidden" }, languageName(q.language)),
      votesBadge(q),
      q.highlighted && el("span", { class: "flag flag-now" }, T.on_screen),
      mine && el("span", { class: "flag flag-own" }, T.mine),
      q.queue_position !== null && q.queue_position !== undefined &&
        el("span", { class: "flag flag-queue" }, format(T.queue_position, { n: numbers.format(q.queue_position + 1) })),
      q.interpreter_flag &&
        el("span", { class: "flag flag-interpreter", dataset: { flag: q.interpreter_flag } }, T["flag_" + q.interpreter_flag]),
      q.edited && el("span", { class: "flag flag-edited" }, T.edited_mark),
      q.votes_from_one_address &&
        el(
          "span",
          { class: "flag flag-one-address", title: T.one_address_votes_help },
          format(T.one_address_votes, { n: numbers.format(q.votes_from_one_address) }),
        ),
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
      quickButtons(q),
    ),
  ];
}

// How many cards a frame moves. A moved card costs the browser style and layout after the
// script, which the deadline cannot see; a card moved into view costs most (content-
// visibility finds it on screen only after a first layout, so the frame is styled, laid
// out and painted twice: 20 ms or more on a busy machine when the top of the list is
// reordered). So:
// - a frame with new changes but nothing to draw moves up to MOVES_PER_FRAME (a votes
//   message of 100 counts: about 100 moves, one frame);
// - one that drew or compared cards moves MOVES_WHILE_DRAWING, and
//   none if it ran out of time or drew for over MOVES_NEED_MS: a re-sync's comparing and
//   the reordering of the top of the list fall in different frames;
// - a reorder left unfinished goes on from the top down, MOVES_WHILE_DRAWING cards in its
//   first frame (the top, in view), twice as many in each next one, up to MOVES_LATER.
// New cards, counted apart, join the list as they are drawn, up to INSERTS_PER_FRAME (a
// tab opened: its cards, from the top).
const MOVES_PER_FRAME = 120;
const MOVES_WHILE_DRAWING = 10;
const MOVES_LATER = 60;
const MOVES_NEED_MS = 3;
const INSERTS_PER_FRAME = 60;
let pace = 0; // moves for the next frame of an unfinished reorder; 0: none under way

function movesFor(budget) {
  if (budget.deadline === Infinity) return Infinity;
  if (budget.more || (budget.drawn && budget.drawingMs > MOVES_NEED_MS)) {
    pace = MOVES_WHILE_DRAWING;
    return 0;
  }
  if (budget.drawn) {
    pace = MOVES_WHILE_DRAWING;
    return pace;
  }
  if (!pace) return MOVES_PER_FRAME;
  const moves = pace;
  pace = Math.min(2 * pace, MOVES_LATER);
  return moves;
}

// The first TOP_CARDS cards of the list (what a moderator sees without scrolling) are
// never skipped by content-visibility (.top, staff.css): a card moved there would
// otherwise be styled and laid out once skipped, then again once the browser finds it on
// screen, in the same frame; reordering the top of the list cost about twice as much.
const TOP_CARDS = 20;
let top = [];

function markTop() {
  const now = [];
  for (let node = ui.cards.firstElementChild; node && now.length < TOP_CARDS; node = node.nextElementSibling) now.push(node);
  for (const node of top) if (!now.includes(node)) node.classList.remove("top");
  for (const node of now) if (!node.classList.contains("top")) node.classList.add("top");
  top = now;
}

const cards = new Map(); // question id -> {node, and what it shows}, made once
let generation = 0; // bumped when what every card shows besides its question changed
let context = null;

// After an event message or a snapshot: if the event's languages or panelists, or this
// user's seats, changed, every card redraws (missing translations, interpretation, "mine").
// A re-sync that changed none of them redraws nothing.
export function redrawCards() {
  const now = JSON.stringify([event().languages, event().panelists, [...myPanelistIds()]]);
  if (now === context) return;
  context = now;
  generation++;
}

// The question as a card draws it, but for its count (drawn apart).
const contentOf = (q) => JSON.stringify({ ...q, votes: 0 });

const focusKey = (node) =>
  node.dataset.action || (node.dataset.bulk ? "bulk" : null) || (node.classList.contains("qcard") ? "card" : null);

// Draws q's card, or leaves it for a later frame: a card that needs drawing in full (or
// comparing, after a re-sync) waits once `budget.deadline` is past (at least one is drawn
// a frame), unless it is the one the user is on (focused, selected, acted on: busy, or
// its bulk box ticked). Returns the card to show: as it was, if it waits; null for a new
// card not drawn yet.
function cardFor(q, budget, focusedCard) {
  let card = cards.get(q.id);
  const busy = view.busy.has(q.id);
  const bulk = view.bulk.has(q.id);
  const selected = q.id === view.selectedId;
  const same = card && card.busy === busy && card.bulk === bulk && card.generation === generation;
  if (!card || card.shown !== q || !same) {
    const urgent = selected || busy || (card && (card.node === focusedCard || card.busy !== busy || card.bulk !== bulk));
    if (!urgent && budget.drawn > 0 && performance.now() > budget.deadline) {
      budget.more = true;
      return card ? markSelected(card, selected) : null;
    }
    budget.drawn++;
  }
  if (!card) {
    card = { node: el("li", { class: "qcard", dataset: { id: q.id }, tabindex: "-1" }), selected: false };
    cards.set(q.id, card);
  }
  const { node } = card;
  // A re-sync brings every question as a new object, most of them as drawn: compared, not redrawn.
  let content = null;
  if (card.shown && card.shown !== q && same) {
    content = contentOf(q);
    if (card.content === content) card.shown = q;
  }
  if (card.shown !== q || !same) {
    keepingFocus(node, focusKey, () => node.replaceChildren(...cardContent(q)), node);
    Object.assign(card, { shown: q, busy, bulk, generation, votes: q.votes, content: content || contentOf(q) });
    node.dataset.state = q.state;
    node.classList.toggle("on-screen", Boolean(q.highlighted));
  } else if (card.votes !== q.votes) {
    card.votes = q.votes; // a votes message changed the count in place
    node.querySelector(".votes .n").textContent = numbers.format(q.votes);
    node.querySelector(".votes .n-label").textContent = votesLabel(q.votes);
  }
  return markSelected(card, selected);
}

function markSelected(card, selected) {
  const { node } = card;
  if (card.selected !== selected) {
    card.selected = selected;
    node.classList.toggle("selected", selected);
    if (selected) node.setAttribute("aria-current", "true");
    else node.removeAttribute("aria-current");
  }
  return node;
}

function emptyText() {
  if (view.tab === "mine" && myPanelistIds().size === 0) return T.empty_no_seat;
  if (view.language !== "all" && listOf(view.tab, "all").length) return T.empty_language;
  return T["empty_" + view.tab];
}

// The card to take the focus when the focused one leaves the list: the next one, else the one before.
function successor(list, gone) {
  const before = [...ui.cards.children];
  const at = before.indexOf(gone);
  const staying = new Set(list.map((q) => q.id));
  const after = before.slice(at + 1).find((node) => staying.has(Number(node.dataset.id)));
  return after || before.slice(0, at).reverse().find((node) => staying.has(Number(node.dataset.id))) || null;
}

// While the cards are not all in place, the selected one is in the list anyway, after
// the card before it (select() scrolls to it and focuses it); the next frames move it
// where it belongs if it is not there yet.
function placeSelected(nodes) {
  const card = cards.get(view.selectedId);
  const at = card ? nodes.indexOf(card.node) : -1;
  if (at < 0 || card.node.parentElement === ui.cards) return;
  const previous = nodes.slice(0, at).reverse().find((node) => node.parentElement === ui.cards);
  moveNode(ui.cards, card.node, previous ? previous.nextElementSibling : ui.cards.firstElementChild);
}

// Redraws the list, drawing cards in full until `deadline` (performance.now() time) and
// moving a bounded number of cards, from the top down, unless the deadline is Infinity;
// returns whether cards are left for the next frame.
export function renderList(deadline = Infinity) {
  const list = shownList();
  if (view.selectedId === null && list.length) view.selectedId = list[0].id;
  const active = document.activeElement;
  const focusedCard = active && active.closest ? active.closest(".qcard") : null;
  const leaving = focusedCard && ui.cards.contains(focusedCard) && !list.some((q) => q.id === Number(focusedCard.dataset.id));
  const heir = leaving ? successor(list, focusedCard) : null;
  if (leaving && view.selectedId === Number(focusedCard.dataset.id)) view.selectedId = heir ? Number(heir.dataset.id) : null;
  const budget = { deadline, more: false, drawn: 0 };
  const nodes = [];
  const start = performance.now();
  for (const q of list) {
    const node = cardFor(q, budget, focusedCard);
    if (node) nodes.push(node);
  }
  budget.drawingMs = performance.now() - start;
  const inserts = deadline === Infinity ? Infinity : INSERTS_PER_FRAME;
  const { done } = placeChildren(ui.cards, nodes, { moves: movesFor(budget), inserts });
  if (done) pace = 0;
  else {
    if (!pace) pace = MOVES_WHILE_DRAWING;
    budget.more = true;
    placeSelected(nodes);
  }
  markTop();
  for (const id of cards.keys()) if (!live.state.questions.has(id)) cards.delete(id);
  if (leaving) {
    // The same control on the next card (Approve after Approve), else the card itself.
    const same = heir && active.dataset.action && heir.querySelector(`[data-action="${active.dataset.action}"]`);
    (same || heir || ui.listPane).focus({ preventScroll: true });
  }
  ui.empty.hidden = list.length > 0;
  const empty = list.length ? "" : emptyText();
  if (ui.empty.textContent !== empty) ui.empty.textContent = empty;
  return budget.more;
}
