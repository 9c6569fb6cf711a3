/*
 * lists.js: the three lists (open, answered, the attendee's own waiting or dismissed
 * questions) with their counts, in the chosen order, held still while paused.
 */

import { placeChildren } from "../keyed.js";
import { format } from "../live.js";
import { $, S, cards, numbers, view } from "./page.js";
import { editingOwn, live, mine, showOriginal, ui, voted, voting } from "./state.js";

function byVotes(a, b) {
  return b.votes - a.votes || a.id - b.id;
}

function byNewest(a, b) {
  return b.id - a.id;
}

function openOrder(open) {
  const sorted = [...open].sort(ui.sort === "votes" ? byVotes : byNewest);
  if (!ui.paused) return { order: sorted, fresh: 0 };
  const known = new Set(ui.frozenOrder);
  const present = new Map(open.map((q) => [q.id, q]));
  const kept = ui.frozenOrder.filter((id) => present.has(id)).map((id) => present.get(id));
  const added = sorted.filter((q) => !known.has(q.id));
  return { order: kept.concat(added), fresh: added.length };
}

// The open list's ids: as shown, or (resorted) in the chosen order.
export function currentOpenIds(resorted) {
  const open = [...live.state.questions.values()].filter((q) => q.state === "published");
  if (resorted) return open.sort(ui.sort === "votes" ? byVotes : byNewest).map((q) => q.id);
  return [...view.lists.open.children].map((item) => Number(item.dataset.id));
}

function setCount(name, n) {
  $(`[data-count="${name}"]`).textContent = numbers.format(n);
}

function marks(id) {
  return {
    own: mine.has(id),
    voted: voted.has(id),
    voting: voting.has(id),
    original: showOriginal.has(id),
    editing: editingOwn.has(id),
  };
}

// The list's cards become exactly these questions' cards, updated in place; only the cards
// whose place changed move. A focused card that leaves the list hands the focus to its
// neighbour's same control (the vote button after a vote, say).
function fill(list, questions) {
  const focused = document.activeElement;
  const card = focused && focused.closest ? focused.closest(".q") : null;
  const leaving = card && card.parentElement === list && !questions.some((q) => q.id === Number(card.dataset.id));
  const before = leaving ? [...list.children] : [];
  const nodes = questions.map((question) => {
    const item = cards.card(question);
    cards.update(item, question, marks(question.id));
    return item;
  });
  placeChildren(list, nodes);
  if (leaving && !card.contains(document.activeElement)) {
    const at = before.indexOf(card);
    const heir = before.slice(at + 1).concat(before.slice(0, at).reverse()).find((node) => nodes.includes(node));
    const control = heir && focused.className ? heir.querySelector("." + focused.classList[0]) : null;
    // Cards are not focusable themselves: the neighbour's vote button, else the list.
    const fallback = heir && heir.querySelector(".vote-button");
    (control || fallback || list.closest("[tabindex]")).focus({ preventScroll: true });
  }
}

// Redraws the lists; returns the open questions.
export function renderLists() {
  const all = [...live.state.questions.values()];
  const open = all.filter((q) => q.state === "published");
  const answered = all
    .filter((q) => q.state === "answered")
    .sort((a, b) => (b.answered_at || "").localeCompare(a.answered_at || "") || b.id - a.id);
  const own = all.filter((q) => mine.has(q.id) && (q.state === "pending" || q.state === "dismissed"));
  own.sort(byNewest);
  const { order, fresh } = openOrder(open);

  fill(view.lists.open, order);
  fill(view.lists.answered, answered);
  fill(view.lists.own, own);
  for (const id of cards.ids()) {
    if (!live.state.questions.has(id)) cards.forget(id);
  }
  view.ownSection.hidden = own.length === 0;
  setCount("open", open.length);
  setCount("answered", answered.length);
  $('[data-empty="open"]').hidden = open.length > 0;
  $('[data-empty="answered"]').hidden = answered.length > 0;
  view.pausedHint.hidden = !ui.paused;
  view.pausedHint.textContent = fresh ? format(S.new_while_paused, { n: numbers.format(fresh) }) : S.paused_hint;
  return open;
}

export function refreshTimes() {
  for (const time of document.querySelectorAll(".q-time")) time.textContent = cards.ago(time.dateTime);
}
