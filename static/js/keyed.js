/*
 * keyed.js: putting keyed nodes in order with as few moves as possible, without losing focus.
 *
 *   import { placeChildren, moveNode } from "./keyed.js";
 *   placeChildren(list, nodes);   // list's children become exactly `nodes`, in that order
 *   placeChildren(list, nodes, 150)   // at most 150 moves: {moved, done}
 *   placeChildren(list, nodes, { moves: 10, inserts: 60 })   // counted apart (see below)
 *
 * Nodes are made once per key (question id) by the caller and updated in place; this only
 * moves the ones whose position changed: the longest run already in order stays put (a
 * `votes` message that lifts one card moves that card, not every card it passed). Nodes
 * move with Element.moveBefore() where the browser has it (the focus survives the move);
 * elsewhere with insertBefore(), and the focus is given back after the move.
 *
 * Moves go from the top of the list down, so with a limit (a whole list reordered at once,
 * after a re-sync, costs the browser tens of milliseconds of style and layout) the top is
 * in order first and a later call finishes the rest; until then, nodes not yet placed keep
 * their old place and new ones are not in the list yet. With {moves, inserts}, moves of
 * nodes already in the list and insertions of new ones are limited apart: once the moves
 * are used up, new nodes still go in (after the node before them, wherever that is for
 * now) until the insertions are used up too.
 */

function stableSet(positions) {
  // Longest increasing subsequence of the old positions (-1: new node), O(n log n).
  const tails = [];
  const tailIndex = [];
  const previous = new Array(positions.length).fill(-1);
  positions.forEach((value, i) => {
    if (value < 0) return;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tails[mid] < value) low = mid + 1;
      else high = mid;
    }
    tails[low] = value;
    tailIndex[low] = i;
    previous[i] = low > 0 ? tailIndex[low - 1] : -1;
  });
  const keep = new Set();
  let i = tailIndex[tails.length - 1];
  while (i !== undefined && i >= 0) {
    keep.add(i);
    i = previous[i];
  }
  return keep;
}

export function moveNode(parent, node, before) {
  // moveBefore() keeps the node connected: the focus stays, and in Chromium it costs a
  // fraction of a remove and insert (measured: bench/browser.py, docs/performance.md).
  if (node.parentNode === parent && typeof parent.moveBefore === "function") {
    parent.moveBefore(node, before);
    return;
  }
  const focused = document.activeElement;
  const holdsFocus = focused && focused !== document.body && node.contains(focused);
  parent.insertBefore(node, before);
  if (holdsFocus && document.activeElement !== focused) focused.focus({ preventScroll: true });
}

export function placeChildren(parent, nodes, limit = Infinity) {
  const apart = typeof limit === "object";
  let moves = apart ? limit.moves ?? Infinity : limit;
  let inserts = apart ? limit.inserts ?? Infinity : Infinity;
  const wanted = new Set(nodes);
  for (const child of [...parent.children]) {
    if (!wanted.has(child)) child.remove();
  }
  const oldIndex = new Map();
  [...parent.children].forEach((child, i) => oldIndex.set(child, i));
  const keep = stableSet(nodes.map((node) => (oldIndex.has(node) ? oldIndex.get(node) : -1)));
  // Each node that moves goes right after the one before it: the nodes kept are already
  // in order, so once every node is placed the order is `nodes`.
  let moved = 0;
  let done = true;
  let previous = null;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const before = previous ? previous.nextElementSibling : parent.firstElementChild;
    if (!keep.has(i) && node !== before) {
      const inserting = apart && node.parentNode !== parent;
      if (inserting ? inserts === 0 : moves === 0) {
        if (!apart || inserts === 0) return { moved, done: false };
        done = false; // a node already in the list stays where it is for now; new ones may still go in
        previous = node;
        continue;
      }
      if (inserting) inserts--;
      else moves--;
      moveNode(parent, node, before);
      moved++;
    }
    previous = node;
  }
  return { moved, done };
}

// Focusable things inside root, in document order.
const FOCUSABLE = "button, [href], input, select, textarea, summary, [tabindex]";
export function focusables(root) {
  return [...root.querySelectorAll(FOCUSABLE)].filter((node) => !node.hidden && node.tabIndex >= -1);
}

/*
 * Runs update() (which may rebuild part of root) and keeps the focus where the user left it:
 * on the same element if it survived, else on the element with the same key (a data-*
 * attribute named by `keyOf`), else on the one now at the same place, else on `fallback`.
 */
export function keepingFocus(root, keyOf, update, fallback) {
  const active = document.activeElement;
  const inside = active && active !== root && root.contains(active);
  const key = inside ? keyOf(active) : null;
  const place = inside ? focusables(root).indexOf(active) : -1;
  const selection = inside && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
  update();
  if (!inside || active.isConnected) return;
  const all = focusables(root);
  let target = key ? all.find((node) => keyOf(node) === key) : null;
  if (!target && place >= 0) target = all[Math.min(place, all.length - 1)];
  if (!target) target = typeof fallback === "function" ? fallback() : fallback;
  if (!target) return;
  target.focus({ preventScroll: true });
  if (selection && (target.tagName === "TEXTAREA" || target.tagName === "INPUT")) {
    try {
      target.setSelectionRange(selection[0], selection[1]);
    } catch {
      // a field without a text selection
    }
  }
}
