/*
 * The attendee page: ask, vote, read in one's own language, follow one's own questions.
 * All prose comes from the server (page-data.strings); user text only ever goes into
 * textContent, so it stays inert.
 */
import { connectLive, format, readJSON } from "./live.js";
import { questionCards } from "./question-card.js";

const MAX_CHARS = 500;
const NOTICE_LIMIT = 4;
const NOTICE_SECONDS = 15;
const page = readJSON("page-data");
const S = page.strings;
const lang = document.documentElement.lang || "en";
const $ = (selector, root = document) => root.querySelector(selector);
const view = {
  status: $("#live-status"),
  title: $("#event-title"),
  banner: $("#now-answering"),
  form: $("#ask-form"),
  fields: $("#ask-fields"),
  text: $("#ask-text"),
  counter: $("#ask-counter"),
  name: $("#ask-name"),
  topic: $("#ask-topic"),
  language: $("#ask-language"),
  submit: $("#ask-submit"),
  feedback: $("#ask-feedback"),
  closed: $("#ask-closed"),
  conflict: $("#ask-conflict"),
  ownSection: $("#own-section"),
  lists: { own: $("#own-list"), open: $("#open-list"), answered: $("#answered-list") },
  pause: $("#pause-toggle"),
  pausedHint: $("#paused-hint"),
  notices: $("#notices"),
  questionTemplate: $("#question-template"),
  noticeTemplate: $("#notice-template"),
};

const ui = {
  sort: "votes", // or "newest"
  paused: false,
  frozenOrder: [], // ids of the open list when reordering was paused
  tab: "open",
  sending: false,
  conflictPayload: null,
};
const mine = new Set(); // ids of questions this attendee asked
const voted = new Set();
const voting = new Set(); // votes waiting for their ack
const showOriginal = new Set();
const ownKnown = new Map(); // id -> {state, highlighted}: to tell the asker what changed
const cards = questionCards({
  strings: S,
  lang,
  timezone: page.event.timezone,
  languageLabels: page.language_labels,
  template: view.questionTemplate,
});
const { numbers, languageName } = cards;

// --- The live connection ------------------------------------------------------------

const live = connectLive({
  namespace: "/attendee",
  event: page.event.code,
  strings: S,
  statusElement: view.status,
  onSnapshot(state) {
    voted.clear();
    for (const id of state.me.voted || []) voted.add(id);
    for (const id of state.me.asked || []) mine.add(id);
    for (const question of state.questions.values()) noticeOwnChange(question);
  },
  onQuestion(question) {
    noticeOwnChange(question);
  },
  onChange() {
    render();
  },
  onSyncError(ack) {
    notify(ack.message || S.error);
  },
});
window.qaLive = live; // for the browser tests and for debugging

// --- What happened to my questions ----------------------------------------------------

function noticeOwnChange(question) {
  if (!mine.has(question.id)) return;
  const before = ownKnown.get(question.id);
  ownKnown.set(question.id, { state: question.state, highlighted: question.highlighted });
  if (!before) return;
  if (before.state === "pending" && question.state === "published") notify(S.notice_approved);
  if (!before.highlighted && question.highlighted) notify(S.notice_highlighted);
  if (before.state !== "answered" && question.state === "answered") notify(S.notice_answered);
  if (before.state !== "dismissed" && question.state === "dismissed") {
    notify(
      question.dismiss_reason
        ? format(S.notice_dismissed_reason, { reason: question.dismiss_reason })
        : S.notice_dismissed,
    );
  }
}

function notify(text) {
  const notice = view.noticeTemplate.content.firstElementChild.cloneNode(true);
  $(".notice-text", notice).textContent = text;
  $(".notice-close", notice).addEventListener("click", () => notice.remove());
  view.notices.append(notice);
  window.setTimeout(() => notice.remove(), NOTICE_SECONDS * 1000);
  while (view.notices.children.length > NOTICE_LIMIT) view.notices.firstElementChild.remove();
}

// --- Rendering ----------------------------------------------------------------------------

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

function render() {
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
  renderBanner(open.find((q) => q.highlighted));
  renderEvent(live.state.event);
}

function setCount(name, n) {
  $(`[data-count="${name}"]`).textContent = numbers.format(n);
}

function marks(id) {
  return { own: mine.has(id), voted: voted.has(id), voting: voting.has(id), original: showOriginal.has(id) };
}

function fill(list, questions) {
  const focused = document.activeElement;
  let cursor = list.firstElementChild;
  for (const question of questions) {
    const item = cards.card(question);
    cards.update(item, question, marks(question.id));
    if (item !== cursor) list.insertBefore(item, cursor);
    else cursor = cursor.nextElementSibling;
  }
  // Whatever is left belongs elsewhere now (another list re-inserts it) or is gone.
  while (cursor) {
    const next = cursor.nextElementSibling;
    cursor.remove();
    cursor = next;
  }
  if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function renderBanner(question) {
  view.banner.hidden = !question;
  if (!question) return;
  const { text, language } = cards.shown(question, showOriginal.has(question.id));
  const textElement = $(".now-answering-text", view.banner);
  setText(textElement, text);
  textElement.lang = language;
  const meta = [question.name || S.anonymous];
  if (question.panelist) meta.push(format(S.assigned_to, { name: question.panelist.name }));
  setText($(".now-answering-meta", view.banner), meta.join(" · "));
}

function renderEvent(event) {
  if (!event) return;
  setText(view.title, event.title);
  const closed = !event.accepting;
  view.closed.hidden = !closed;
  view.fields.disabled = closed;
  view.submit.disabled = closed || ui.sending || tooLong();
  if (closed) hideConflict();
}

// --- Asking ---------------------------------------------------------------------------------

function length() {
  return [...view.text.value.trim()].length;
}

function tooLong() {
  return length() > MAX_CHARS;
}

function updateCounter() {
  const n = length();
  view.counter.textContent = format(S.counter, { n: numbers.format(n), max: numbers.format(MAX_CHARS) });
  view.counter.classList.toggle("is-over", n > MAX_CHARS);
  view.text.setAttribute("aria-invalid", String(n > MAX_CHARS));
  renderEvent(live.state.event || page.event);
}

function askPayload() {
  const payload = { text: view.text.value.trim(), language: view.language.value };
  const name = view.name.value.trim();
  if (name) payload.name = name;
  if (view.topic && view.topic.value) payload.topic_id = Number(view.topic.value);
  return payload;
}

async function send(payload) {
  ui.sending = true;
  hideConflict();
  view.submit.textContent = S.sending;
  renderEvent(live.state.event || page.event);
  const ack = await live.emit("ask", payload);
  ui.sending = false;
  view.submit.textContent = S.send;
  if (ack.ok) {
    const question = ack.question;
    mine.add(question.id);
    if (!ownKnown.has(question.id)) ownKnown.set(question.id, { state: question.state, highlighted: question.highlighted });
    if (!live.state.questions.has(question.id)) live.state.questions.set(question.id, question);
    view.text.value = "";
    view.feedback.textContent = question.state === "pending" ? S.sent_pending : S.sent_published;
    view.feedback.dataset.kind = "ok";
    updateCounter();
    render();
  } else if (ack.error === "conflict" && ack.detected) {
    showConflict(payload, ack);
  } else {
    view.feedback.textContent = ack.message || S.error;
    view.feedback.dataset.kind = "error";
  }
  renderEvent(live.state.event || page.event);
}

function showConflict(payload, ack) {
  ui.conflictPayload = { payload, detected: ack.detected };
  view.feedback.textContent = "";
  $(".conflict-message", view.conflict).textContent = ack.message || "";
  $('[data-choice="detected"]', view.conflict).textContent = format(S.conflict_send_as, {
    language: languageName(ack.detected),
  });
  $('[data-choice="keep"]', view.conflict).textContent = format(S.conflict_keep, {
    language: languageName(payload.language),
  });
  view.conflict.hidden = false;
  $('[data-choice="detected"]', view.conflict).focus();
}

function hideConflict() {
  view.conflict.hidden = true;
  ui.conflictPayload = null;
}

view.conflict.addEventListener("click", (event) => {
  const choice = event.target.closest("[data-choice]")?.dataset.choice;
  const pending = ui.conflictPayload;
  if (!choice || !pending || ui.sending) return;
  const language = choice === "detected" ? pending.detected : pending.payload.language;
  if (choice === "detected" && [...view.language.options].some((o) => o.value === language)) {
    view.language.value = language;
  }
  send({ ...pending.payload, language, confirm_language: true });
});

view.form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (ui.sending) return;
  const payload = askPayload();
  view.feedback.dataset.kind = "error";
  if (!payload.text) {
    view.feedback.textContent = S.empty;
    view.text.focus();
  } else if (tooLong()) {
    view.feedback.textContent = format(S.too_long, { max: numbers.format(MAX_CHARS) });
    view.text.focus();
  } else {
    send(payload);
  }
});
view.text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    view.form.requestSubmit();
  }
});
view.language.addEventListener("change", hideConflict);
view.text.addEventListener("input", () => {
  hideConflict();
  updateCounter();
});

// --- Voting, toggles, tabs, sorting, pausing ------------------------------------------------

async function toggleVote(id) {
  if (voting.has(id)) return;
  const on = !voted.has(id);
  voting.add(id);
  render();
  const ack = await live.emit("vote", { question_id: id, on });
  voting.delete(id);
  if (ack.ok) {
    if (on) voted.add(id);
    else voted.delete(id);
    const question = live.state.questions.get(id);
    if (question) question.votes = ack.votes;
  } else {
    notify(ack.message || S.error);
  }
  render();
}

document.querySelector(".questions").addEventListener("click", (event) => {
  const item = event.target.closest(".q");
  if (!item) return;
  const id = Number(item.dataset.id);
  if (event.target.closest(".vote-button")) {
    toggleVote(id);
  } else if (event.target.closest(".q-original-toggle")) {
    if (showOriginal.has(id)) showOriginal.delete(id);
    else showOriginal.add(id);
    render();
  }
});

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

for (const button of document.querySelectorAll("[data-sort]")) {
  button.addEventListener("click", () => {
    ui.sort = button.dataset.sort;
    for (const other of document.querySelectorAll("[data-sort]")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    if (ui.paused) ui.frozenOrder = currentOpenIds(true);
    render();
  });
}

function currentOpenIds(resorted) {
  const open = [...live.state.questions.values()].filter((q) => q.state === "published");
  if (resorted) return open.sort(ui.sort === "votes" ? byVotes : byNewest).map((q) => q.id);
  return [...view.lists.open.children].map((item) => Number(item.dataset.id));
}

view.pause.addEventListener("click", () => {
  ui.paused = !ui.paused;
  ui.frozenOrder = ui.paused ? currentOpenIds(false) : [];
  view.pause.setAttribute("aria-pressed", String(ui.paused));
  view.pause.textContent = ui.paused ? S.resume : S.pause;
  render();
});

window.setInterval(() => {
  for (const time of document.querySelectorAll(".q-time")) time.textContent = cards.ago(time.dateTime);
}, 30000);

updateCounter();
