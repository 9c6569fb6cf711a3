/*
 * lists.js: the three lists (open, answered, the attendee's own waiting or dismissed
 * questions) with their counts, in the chosen order, held still while paused.
 *
 * A redraw is bounded: the cards it must draw in full (new questions, changed ones, and
 * after a re-sync every question, which its snapshot brings as a new object, to compare)
 * are drawn until `deadline`, from the top of each list down, and the rest on the next
 * frames. Until then a new card is left out of its list and a changed one keeps its
 * previous content. Cards move at most MOVES_PER_FRAME times a frame (a moved card costs
 * the browser style and layout after the script, which the deadline cannot see), also
 * from the top down: a `votes` message of 100 counts on 500 cards moves about 100 of them
 * (in one frame), a re-sync that reorders a list of 700 moves nearly all (in five). The
 * cards the reader just acted on, and the focused one, are always drawn at once.
 */

import { placeChildren } from "../keyed.js";
import { format } from "../live.js";
import { $, S, cards, numbers, view } from "./page.js";
import { editingOwn, live, mine, showOriginal, ui, voted, voting } from "./state.js";

const MOVES_PER_FRAME = 150;

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

// Found once: a selector over the whole page costs more with every card on it.
const fixed = {
  open: $('[data-count="open"]'),
  answered: $('[data-count="answered"]'),
  emptyOpen: $('[data-empty="open"]'),
  emptyAnswered: $('[data-empty="answered"]'),
};

function setCount(name, n) {
  const text = numbers.format(n);
  if (fixed[name].textContent !== text) fixed[name].textContent = text;
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

// Draws the question's card unless it needs a full redraw and the time is up; returns
// the card to show (null: a new card not drawn yet). `budget.more` says something waits.
function draw(question, budget, focusedCard) {
  let item = cards.existing(question.id);
  const wanted = marks(question.id);
  if (item && cards.redraws(item, question, wanted)) {
    // The reader's own action (a vote, the original shown) or the focused card: now.
    const urgent = item.shown === question || item === focusedCard;
    if (!urgent && performance.now() > budget.deadline) {
      budget.more = true;
      return item; // still shows the question as it was, for a frame or two
    }
  } else if (!item) {
    if (performance.now() > budget.deadline) {
      budget.more = true;
      return null;
    }
    item = cards.card(question);
  }
  cards.update(item, question, wanted);
  return item;
}

// The list's cards become exactly these questions' cards, updated in place; only the cards
// whose place changed move. A focused card that leaves the list hands the focus to its
// neighbour's same control (the vote button after a vote, say).
function fill(list, questions, budget) {
  const focused = document.activeElement;
  const card = focused && focused.closest ? focused.closest(".q") : null;
  const leaving = card && card.parentElement === list && !questions.some((q) => q.id === Number(card.dataset.id));
  const before = leaving ? [...list.children] : [];
  const nodes = [];
  for (const question of questions) {
    const item = draw(question, budget, card);
    if (item) nodes.push(item);
  }
  const { moved, done } = placeChildren(list, nodes, budget.moves);
  budget.moves -= moved;
  if (!done) budget.more = true;
  if (leaving && !card.contains(document.activeElement)) {
    const at = before.indexOf(card);
    const heir = before.slice(at + 1).concat(before.slice(0, at).reverse()).find((node) => nodes.includes(node));
    const control = heir && focused.className ? heir.querySelector("." + focused.classList[0]) : null;
    // Cards are not focusable themselves: the neighbour's vote button, else the list.
    const fallback = heir && heir.querySelector(".vote-button");
    (control || fallback || list.closest("[tabindex]")).focus({ preventScroll: true });
  }
}

// Redraws the lists, drawing cards in full until `deadline` (performance.now() time);
// returns the open questions, and whether cards are left for the next frame.
export function renderLists(deadline = Infinity) {
  const all = [...live.state.questions.values()];
  const open = all.filter((q) => q.state === "published");
  const answered = all
    .filter((q) => q.state === "answered")
    .sort((a, b) => (b.answered_at || "").localeCompare(a.answered_at || "") || b.id - a.id);
  const own = all.filter((q) => mine.has(q.id) && (q.state === "pending" || q.state === "dismissed"));
  own.sort(byNewest);
  const { order, fresh } = openOrder(open);

  const budget = { deadline, moves: deadline === Infinity ? Infinity : MOVES_PER_FRAME, more: false };
  fill(view.lists.own, own, budget);
  fill(view.lists.open, order, budget);
  fill(view.lists.answered, answered, budget);
  for (const id of cards.ids()) {
    if (!live.state.questions.has(id)) cards.forget(id);
  }
  view.ownSection.hidden = own.length === 0;
  setCount("open", open.length);
  setCount("answered", answered.length);
  fixed.emptyOpen.hidden = open.length > 0;
  fixed.emptyAnswered.hidden = answered.length > 0;
  view.pausedHint.hidden = !ui.paused;
  view.pausedHint.textContent = fresh ? format(S.new_while_paused, { n: numbers.format(fresh) }) : S.paused_hint;
  return { open, more: budget.more };
}

export function refreshTimes() {
  for (const time of document.querySelectorAll(".q-time")) time.textContent = cards.ago(time.dateTime);
}
