/*
 * state.js: the question store (the live connection's state), what this user is looking
 * at (view), the moderation actions, and which questions each list shows in which order.
 */

import { connectLive } from "../live.js";
import { page, T, ui } from "./page.js";

// Which state a question must be in for each action, and its keyboard shortcut.
export const ACTIONS = {
  approve: { key: "a", from: ["pending"] },
  highlight: { key: "h", from: ["pending", "published"], when: (q) => !q.highlighted },
  unhighlight: { key: "h", from: ["published"], when: (q) => q.highlighted },
  answer: { key: "x", from: ["published"] },
  reopen: { key: "o", from: ["answered"] },
  restore: { key: "r", from: ["dismissed"] },
  dismiss: { key: "d", from: ["pending", "published"] },
};
// The actions a card offers without opening the question.
export const QUICK = {
  pending: ["approve", "dismiss"],
  published: ["highlight", "unhighlight", "answer"],
  answered: ["reopen"],
  dismissed: ["restore"],
};
const TAB_STATES = { incoming: "pending", published: "published", answered: "answered", dismissed: "dismissed" };

export const view = {
  tab: page.tabs[0],
  language: "all",
  selectedId: null,
  dismissingId: null,
  editing: new Set(), // "questionId:lang" translation editors open
  drafts: new Map(), // data-key of a field -> text typed but not yet saved
  busy: new Set(), // question ids with an action in flight
  deskAll: false,
  frozen: null, // Map id -> place while the pointer is over the list
  suggestions: new Map(), // question id -> similar questions (the "similar" ack)
  suggestionKeys: new Map(), // question id -> the texts its suggestions were made for
  editingQuestion: null, // the question whose edit form is open
  upNextFocus: null, // the up next item to focus again after it moved
  bulk: new Set(), // question ids selected for a bulk action
};

// The /staff connection; set once by connect() before anything renders.
export let live = null;

export function connect(handlers) {
  live = connectLive({
    namespace: "/staff",
    event: page.code,
    strings: { connecting: T.connecting, live: T.live, offline: T.offline, timeout: T.timeout },
    statusElement: ui.status,
    ...handlers,
  });
  return live;
}

export const questions = () => [...live.state.questions.values()];
export const event = () => live.state.event || page.event;
export const myPanelistIds = () => new Set((live.state.me && live.state.me.panelist_ids) || []);
export const selected = () => live.state.questions.get(view.selectedId);

export function panelistOf(id) {
  return event().panelists.find((p) => p.id === id) || null;
}

export function speaks(panelist, q) {
  return Boolean(panelist && (panelist.languages || []).includes(q.language));
}

// The text of a form field: what was typed and not yet saved, else the saved value.
export function fieldValue(key, fallback) {
  return view.drafts.has(key) ? view.drafts.get(key) : fallback || "";
}

// --- which questions a list shows ---------------------------------------------------

export const byVotes = (a, b) => Number(b.highlighted) - Number(a.highlighted) || b.votes - a.votes || a.id - b.id;
const STATE_ORDER = { published: 0, pending: 1, answered: 2, dismissed: 3 };

export function missingLanguages(q) {
  return event().languages.filter((lang) => lang !== q.language && !(q.translations || {})[lang]);
}

// Withdrawn and merged questions are in no list (a merged one shows inside the other).
export const WORKING = ["pending", "published", "answered"];

export function inTab(q, tab) {
  if (tab === "mine") return WORKING.includes(q.state) && q.panelist && myPanelistIds().has(q.panelist.id);
  if (tab === "desk") return WORKING.includes(q.state) && (view.deskAll || missingLanguages(q).length > 0);
  return q.state === TAB_STATES[tab];
}

function sortFor(tab) {
  if (tab === "incoming") return (a, b) => a.id - b.id;
  if (tab === "published") return byVotes;
  if (tab === "answered") return (a, b) => (b.answered_at || "").localeCompare(a.answered_at || "") || b.id - a.id;
  if (tab === "dismissed") return (a, b) => b.id - a.id;
  return (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || byVotes(a, b);
}

const shows = (q, tab, language) => inTab(q, tab) && (language === "all" || q.language === language);

export function listOf(tab, language = view.language) {
  return questions()
    .filter((q) => shows(q, tab, language))
    .sort(sortFor(tab));
}

// While the pointer is over the list, cards keep their places (votes would otherwise move
// a card away from under a click); the order catches up when the pointer leaves.
export function shownList() {
  const list = listOf(view.tab);
  if (!view.frozen) return list;
  const place = (q) => (view.frozen.has(q.id) ? view.frozen.get(q.id) : Infinity);
  return list.map((q, i) => [q, i]).sort((a, b) => place(a[0]) - place(b[0]) || a[1] - b[1]).map(([q]) => q);
}

export function countOf(tab) {
  if (tab === "desk") {
    return questions().filter(
      (q) => WORKING.includes(q.state) && missingLanguages(q).length &&
        (view.language === "all" || q.language === view.language),
    ).length;
  }
  let n = 0;
  for (const q of live.state.questions.values()) if (shows(q, tab, view.language)) n++;
  return n;
}
