/*
 * staff.js: the live staff dashboard (/e/<code>/moderate).
 *
 * What a staff member sees and may do follows the rights the server embedded in the page
 * (moderate, configure, translate, export); the server checks them again on every event.
 * All prose comes from the server's catalogs (page.strings); attendee text is only ever
 * set through textContent, so it stays inert.
 */

import { connectLive, format, readJSON } from "./live.js";

const page = readJSON("staff-page");
const T = page.strings;
const rights = page.rights;
const QUEUE_TABS = ["incoming", "published", "answered", "dismissed"];
const TAB_STATES = { incoming: "pending", published: "published", answered: "answered", dismissed: "dismissed" };
const ACTIONS = {
  approve: { key: "a", from: ["pending"] },
  highlight: { key: "h", from: ["pending", "published"], when: (q) => !q.highlighted },
  unhighlight: { key: "h", from: ["published"], when: (q) => q.highlighted },
  answer: { key: "x", from: ["published"] },
  reopen: { key: "o", from: ["answered"] },
  restore: { key: "r", from: ["dismissed"] },
  dismiss: { key: "d", from: ["pending", "published"] },
};
const QUICK = {
  pending: ["approve", "dismiss"],
  published: ["highlight", "unhighlight", "answer"],
  answered: ["reopen"],
  dismissed: ["restore"],
};

const ui = {
  cards: document.getElementById("cards"),
  empty: document.getElementById("empty"),
  detail: document.getElementById("detail"),
  listPane: document.getElementById("list-pane"),
  tabs: document.getElementById("tabs"),
  lanes: document.getElementById("lane-list"),
  laneAll: document.getElementById("lane-all"),
  notices: document.getElementById("notices"),
  status: document.getElementById("status"),
  help: document.getElementById("help"),
  helpButton: document.getElementById("help-button"),
  premoderation: document.getElementById("switch-premoderation"),
  accepting: document.getElementById("switch-accepting"),
  deskAll: document.getElementById("desk-all"),
  deskAllBox: document.getElementById("desk-all-box"),
};

const view = {
  tab: page.tabs[0],
  language: "all",
  selectedId: null,
  dismissingId: null,
  editing: new Set(), // "questionId:lang" translation editors open
  drafts: new Map(), // data-key of a field -> text typed but not yet saved
  busy: new Set(), // question ids with an action in flight
  deskAll: false,
  frozen: null, // Map id -> place while the pointer is over the list
};

// --- formatting ---------------------------------------------------------------------

const numbers = new Intl.NumberFormat(page.lang);
const percent = new Intl.NumberFormat(page.lang, { style: "percent", maximumFractionDigits: 0 });
let clock;
try {
  clock = new Intl.DateTimeFormat(page.lang, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: page.event.timezone,
  });
} catch {
  clock = new Intl.DateTimeFormat(page.lang, { hour: "2-digit", minute: "2-digit" });
}

const time = (iso) => (iso ? clock.format(new Date(iso)) : "");
const languageName = (code) => page.language_names[code] || code;
const code = (lang) => String(lang).toUpperCase();

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// --- the live connection ------------------------------------------------------------

let frame = 0;
function scheduleRender() {
  if (!frame) frame = window.requestAnimationFrame(() => {
    frame = 0;
    renderAll();
  });
}

const live = connectLive({
  namespace: "/staff",
  event: page.code,
  strings: { connecting: T.connecting, live: T.live, offline: T.offline, timeout: T.timeout },
  statusElement: ui.status,
  onEvent: (event) => syncSwitches(event),
  onSnapshot: (state) => syncSwitches(state.event),
  onQuestion: (question, previous) => {
    if (!previous && question.state === "pending" && view.tab !== "incoming") pulse("incoming");
  },
  onChange: (state, kind) => {
    if (kind === "votes") patchVotes();
    scheduleRender();
  },
  onSyncError: (ack) => notify(ack.message || T.error, "error"),
});
window.qaStaff = { live, view }; // for the browser tests and for debugging

const questions = () => [...live.state.questions.values()];
const event = () => live.state.event || page.event;
const myPanelistIds = () => new Set((live.state.me && live.state.me.panelist_ids) || []);

// --- which questions a list shows ---------------------------------------------------

const byVotes = (a, b) => Number(b.highlighted) - Number(a.highlighted) || b.votes - a.votes || a.id - b.id;
const STATE_ORDER = { published: 0, pending: 1, answered: 2, dismissed: 3 };

function missingLanguages(q) {
  return event().languages.filter((lang) => lang !== q.language && !(q.translations || {})[lang]);
}

function inTab(q, tab) {
  if (tab === "mine") return q.state !== "dismissed" && q.panelist && myPanelistIds().has(q.panelist.id);
  if (tab === "desk") return q.state !== "dismissed" && (view.deskAll || missingLanguages(q).length > 0);
  return q.state === TAB_STATES[tab];
}

function sortFor(tab) {
  if (tab === "incoming") return (a, b) => a.id - b.id;
  if (tab === "published") return byVotes;
  if (tab === "answered") return (a, b) => (b.answered_at || "").localeCompare(a.answered_at || "") || b.id - a.id;
  if (tab === "dismissed") return (a, b) => b.id - a.id;
  return (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || byVotes(a, b);
}

function listOf(tab, language = view.language) {
  return questions()
    .filter((q) => inTab(q, tab) && (language === "all" || q.language === language))
    .sort(sortFor(tab));
}

// While the pointer is over the list, cards keep their places (votes would otherwise move
// a card away from under a click); the order catches up when the pointer leaves.
function shownList() {
  const list = listOf(view.tab);
  if (!view.frozen) return list;
  const place = (q) => (view.frozen.has(q.id) ? view.frozen.get(q.id) : Infinity);
  return list.map((q, i) => [q, i]).sort((a, b) => place(a[0]) - place(b[0]) || a[1] - b[1]).map(([q]) => q);
}

function countOf(tab) {
  if (tab === "desk") {
    return questions().filter(
      (q) => q.state !== "dismissed" && missingLanguages(q).length &&
        (view.language === "all" || q.language === view.language),
    ).length;
  }
  return listOf(tab).length;
}

// --- rendering ----------------------------------------------------------------------

function renderAll() {
  renderTabs();
  renderLanes();
  renderList();
  renderDetail();
}

function renderTabs() {
  for (const button of ui.tabs.querySelectorAll("[role=tab]")) {
    const tab = button.dataset.tab;
    button.setAttribute("aria-selected", String(tab === view.tab));
    button.tabIndex = tab === view.tab ? 0 : -1;
    button.querySelector(".count").textContent = numbers.format(countOf(tab));
  }
  ui.listPane.setAttribute("aria-labelledby", "tab-" + view.tab);
  ui.deskAll.hidden = view.tab !== "desk";
}

function pulse(tab) {
  const button = document.getElementById("tab-" + tab);
  if (!button) return;
  button.classList.remove("pulse");
  void button.offsetWidth; // restart the animation
  button.classList.add("pulse");
}

function laneStats() {
  const languages = [...event().languages];
  for (const q of questions()) if (!languages.includes(q.language)) languages.push(q.language);
  const active = questions().filter((q) => q.state !== "dismissed");
  const totalQuestions = active.length;
  const totalVotes = active.reduce((sum, q) => sum + q.votes, 0);
  return languages.map((lang) => {
    const mine = active.filter((q) => q.language === lang);
    const votes = mine.reduce((sum, q) => sum + q.votes, 0);
    return {
      lang,
      count: mine.length,
      waiting: mine.filter((q) => q.state === "published").length,
      questionShare: totalQuestions ? mine.length / totalQuestions : 0,
      voteShare: totalVotes ? votes / totalVotes : 0,
    };
  });
}

function bar(kind, label, share) {
  const fill = el("span", { class: "bar-fill" });
  fill.style.inlineSize = (share * 100).toFixed(1) + "%";
  return el(
    "span",
    { class: "bar-row", dataset: { kind }, title: format(label, { share: percent.format(share) }) },
    el("span", { class: "bar" }, fill),
    el("span", { class: "bar-value" }, percent.format(share)),
  );
}

function renderLanes() {
  const canJump = page.tabs.includes("published");
  ui.laneAll.setAttribute("aria-pressed", String(view.language === "all"));
  ui.lanes.replaceChildren(
    ...laneStats().map((stat) =>
      el(
        "li",
        { class: "lane", dataset: { lang: stat.lang } },
        el(
          "button",
          {
            type: "button",
            class: "lane-filter",
            "aria-pressed": String(view.language === stat.lang),
            title: format(T.filter_language, { language: languageName(stat.lang) }),
            dataset: { lane: stat.lang },
          },
          el("span", { class: "lang-code" }, code(stat.lang)),
          el("span", { class: "lane-name" }, languageName(stat.lang)),
          el("span", { class: "count", dataset: { laneCount: stat.lang } }, numbers.format(stat.count)),
        ),
        el(
          "span",
          { class: "lane-bars" },
          bar("questions", T.share_questions, stat.questionShare),
          bar("votes", T.share_votes, stat.voteShare),
        ),
        canJump &&
          el(
            "button",
            { type: "button", class: "lane-next", dataset: { next: stat.lang }, disabled: stat.waiting === 0 },
            format(T.next_from, { language: code(stat.lang) }),
          ),
      ),
    ),
  );
}

function panelistOf(id) {
  return event().panelists.find((p) => p.id === id) || null;
}

function speaks(panelist, q) {
  return Boolean(panelist && (panelist.languages || []).includes(q.language));
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
      el("span", { class: "lang-code", title: languageName(q.language) }, code(q.language)),
      el("span", { class: "votes", title: T.votes }, el("span", { "aria-hidden": "true" }, "▲ "), numbers.format(q.votes)),
      q.highlighted && el("span", { class: "flag flag-now" }, T.on_screen),
      mine && el("span", { class: "flag flag-own" }, T.mine),
      el("span", { class: "who" }, q.name || T.anonymous),
      el("time", { datetime: q.asked_at }, time(q.asked_at)),
    ),
    el("p", { class: "card-text", lang: q.language, dir: "auto" }, q.text),
    el(
      "div",
      { class: "card-foot" },
      q.topic && chip("chip-topic", q.topic.title, T.topic),
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

function renderList() {
  const list = shownList();
  if (view.selectedId === null && list.length) view.selectedId = list[0].id;
  ui.cards.replaceChildren(...list.map(card));
  ui.empty.hidden = list.length > 0;
  ui.empty.textContent = list.length ? "" : emptyText();
}

function patchVotes() {
  // Keep the detail pane (and any text being typed there) untouched: only the number moves.
  const q = live.state.questions.get(view.selectedId);
  const votes = ui.detail.querySelector(".detail-votes .n");
  if (q && votes) votes.textContent = numbers.format(q.votes);
}

// --- the selected question ----------------------------------------------------------

function field(key, fallback) {
  return view.drafts.has(key) ? view.drafts.get(key) : fallback || "";
}

function actionButton(q, action) {
  return el(
    "button",
    { type: "button", class: "btn act-" + action, dataset: { action }, disabled: view.busy.has(q.id) },
    T[action],
    " ",
    el("kbd", { "aria-hidden": "true" }, ACTIONS[action].key),
  );
}

function versionBox(q, lang) {
  const translation = (q.translations || {})[lang];
  const key = "tr:" + q.id + ":" + lang;
  const editing = rights.translate && (view.editing.has(q.id + ":" + lang) || (!translation && !rights.moderate));
  const box = el(
    "div",
    { class: "version" + (translation ? "" : " missing"), dataset: { lang } },
    el("h4", {}, el("span", { class: "lang-code" }, code(lang)), " ", languageName(lang)),
  );
  if (translation && !editing) {
    box.append(el("p", { class: "version-text", lang, dir: "auto" }, translation.text));
    box.append(
      el(
        "p",
        { class: translation.verified ? "verified" : "unverified" },
        translation.verified ? format(T.verified_by, { name: translation.by }) : T.unverified,
      ),
    );
  } else if (!editing) {
    box.append(el("p", { class: "version-missing" }, T.not_translated));
  }
  if (editing) {
    box.append(
      el(
        "form",
        { class: "translate-form", dataset: { form: "translate", lang } },
        el("label", { class: "visually-hidden", for: key }, format(T.translation_into, { language: languageName(lang) })),
        el(
          "textarea",
          { id: key, rows: "3", maxlength: "2000", lang, dir: "auto", dataset: { key },
            placeholder: format(T.translation_into, { language: languageName(lang) }) },
          field(key, translation ? translation.text : ""),
        ),
        el(
          "span",
          { class: "form-buttons" },
          el("button", { type: "submit", class: "btn btn-primary" }, T.save_translation),
          (translation || rights.moderate) &&
            el("button", { type: "button", class: "btn", dataset: { op: "translate-cancel", lang } }, T.cancel),
        ),
      ),
    );
  } else if (rights.translate) {
    box.append(
      el("button", { type: "button", class: "btn btn-small", dataset: { op: "translate-edit", lang } },
        translation ? T.correct : T.translate),
    );
  }
  return box;
}

function assignSection(q) {
  const panelist = q.panelist && panelistOf(q.panelist.id);
  const hint = panelist
    ? el(
        "p",
        { class: "hint " + (speaks(panelist, q) ? "direct" : "interpreted"), id: "assign-hint" },
        format(speaks(panelist, q) ? T.hint_direct : T.hint_interpretation, {
          name: panelist.name,
          language: languageName(q.language),
        }),
      )
    : null;
  if (!rights.moderate || q.state === "dismissed") {
    return q.panelist ? el("section", { class: "assign" }, el("h3", {}, T.panelist), el("p", {}, q.panelist.name), hint) : null;
  }
  const select = el(
    "select",
    { id: "assign-" + q.id, dataset: { key: "assign" }, "aria-describedby": hint ? "assign-hint" : null },
    el("option", { value: "" }, T.unassigned),
    event().panelists.map((p) =>
      el(
        "option",
        { value: String(p.id), selected: q.panelist && q.panelist.id === p.id },
        format(speaks(p, q) ? T.option_direct : T.option_interpretation, {
          name: p.name,
          languages: (p.languages || []).map(code).join(", "),
        }),
      ),
    ),
  );
  return el(
    "section",
    { class: "assign" },
    el("label", { for: "assign-" + q.id, class: "section-label" }, T.panelist, " ", el("kbd", { "aria-hidden": "true" }, "p")),
    select,
    hint,
  );
}

function noteSection(q) {
  if (!rights.moderate) {
    return q.answer_note ? el("section", { class: "note" }, el("h3", {}, T.note), el("p", { dir: "auto" }, q.answer_note)) : null;
  }
  const key = "note:" + q.id;
  return el(
    "form",
    { class: "note", dataset: { form: "note" } },
    el("label", { for: key, class: "section-label" }, T.note, " ", el("kbd", { "aria-hidden": "true" }, "n")),
    el("textarea", { id: key, rows: "3", maxlength: "2000", dir: "auto", dataset: { key }, placeholder: T.note_placeholder },
      field(key, q.answer_note)),
    el("span", { class: "form-buttons" }, el("button", { type: "submit", class: "btn" }, T.save_note)),
  );
}

function dismissForm(q) {
  const key = "reason:" + q.id;
  return el(
    "form",
    { class: "dismiss-form", dataset: { form: "dismiss" } },
    el("label", { for: key, class: "section-label" }, T.reason_label),
    el("input", { id: key, type: "text", maxlength: "500", dir: "auto", dataset: { key }, placeholder: T.reason_placeholder,
      value: field(key, "") }),
    el(
      "span",
      { class: "form-buttons" },
      el("button", { type: "submit", class: "btn btn-danger" }, T.dismiss),
      el("button", { type: "button", class: "btn", dataset: { op: "dismiss-cancel" } }, T.cancel),
    ),
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
    { class: "detail", dataset: { id: q.id, state: q.state } },
    el(
      "header",
      { class: "detail-head" },
      state,
      q.highlighted && el("span", { class: "flag flag-now" }, T.on_screen),
      el("span", { class: "detail-votes", title: T.votes }, el("span", { "aria-hidden": "true" }, "▲ "), el("span", { class: "n" }, numbers.format(q.votes))),
      el("span", { class: "detail-id" }, "#" + q.id),
    ),
    el(
      "p",
      { class: "detail-meta" },
      el("span", {}, q.name || T.anonymous),
      el("span", {}, format(T.asked_at, { time: time(q.asked_at) })),
      q.answered_at && el("span", {}, format(T.answered_at, { time: time(q.answered_at) })),
      q.topic && el("span", { class: "chip chip-topic" }, q.topic.title),
    ),
    el(
      "section",
      { class: "versions", "aria-label": T.versions },
      el(
        "div",
        { class: "version original", dataset: { lang: q.language } },
        el("h4", {}, el("span", { class: "lang-code" }, code(q.language)), " ", format(T.original, { language: languageName(q.language) })),
        el("p", { class: "version-text", lang: q.language, dir: "auto" }, q.text),
      ),
      others.map((lang) => versionBox(q, lang)),
    ),
    actions.length > 0 && el("div", { class: "actions" }, actions.map((a) => actionButton(q, a))),
    view.dismissingId === q.id && q.state !== "dismissed" && dismissForm(q),
    q.state === "dismissed" && q.dismiss_reason && el("p", { class: "reason" }, format(T.dismissed_because, { reason: q.dismiss_reason })),
    page.tabs.includes("incoming") && assignSection(q),
    page.tabs.includes("incoming") && noteSection(q),
    !rights.moderate && page.tabs.includes("incoming") && el("p", { class: "read-only" }, T.read_only),
  );
}

let shownDetail = null; // what the detail pane shows, to rebuild it only when that changes

function detailSignature(q) {
  return JSON.stringify([
    q && { ...q, votes: 0 },
    view.dismissingId,
    [...view.editing],
    view.busy.has(view.selectedId),
    event(),
    live.state.me,
  ]);
}

function renderDetail(force) {
  const q = live.state.questions.get(view.selectedId);
  const signature = detailSignature(q);
  if (!force && signature === shownDetail) return;
  shownDetail = signature;
  const active = document.activeElement;
  const focusKey = active && ui.detail.contains(active) ? active.dataset.key || active.dataset.action || active.dataset.op : null;
  const selection = focusKey && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
  if (!q) {
    ui.detail.replaceChildren(el("p", { class: "empty" }, T.select_question));
    return;
  }
  ui.detail.replaceChildren(detailFor(q));
  if (focusKey) {
    const again = ui.detail.querySelector(
      `[data-key="${focusKey}"], [data-action="${focusKey}"], [data-op="${focusKey}"]`,
    );
    if (again) {
      again.focus({ preventScroll: true });
      if (selection && "setSelectionRange" in again) {
        try {
          again.setSelectionRange(selection[0], selection[1]);
        } catch {
          /* not a text field */
        }
      }
    }
  }
}

// --- doing things -------------------------------------------------------------------

function notify(message, kind = "error") {
  const close = el("button", { type: "button", class: "link-button" }, T.close);
  const notice = el(
    "div",
    { class: "notice notice-" + kind, role: kind === "error" ? "alert" : "status" },
    el("p", { class: "notice-text" }, message),
    close,
  );
  close.addEventListener("click", () => notice.remove());
  ui.notices.append(notice);
  while (ui.notices.children.length > 4) ui.notices.firstElementChild.remove();
  window.setTimeout(() => notice.remove(), kind === "error" ? 12000 : 4000);
}

function neighbourOf(id) {
  const list = shownList();
  const index = list.findIndex((q) => q.id === id);
  if (index < 0) return null;
  const next = list[index + 1] || list[index - 1];
  return next ? next.id : null;
}

async function moderate(q, action, extra = {}) {
  if (view.busy.has(q.id)) return null;
  const next = neighbourOf(q.id);
  view.busy.add(q.id);
  scheduleRender();
  const ack = await live.emit("moderate", { question_id: q.id, action, ...extra });
  view.busy.delete(q.id);
  if (!ack.ok) {
    notify(ack.message || T.error);
    shownDetail = null; // rebuild the pane: a select may show a choice that was refused
  } else {
    if (action === "dismiss") {
      view.dismissingId = null;
      view.drafts.delete("reason:" + q.id);
    }
    if (action === "note") {
      view.drafts.delete("note:" + q.id);
      notify(T.note_saved, "info");
    }
    // The broadcast of this change has already arrived (same connection, sent before the ack).
    if (!inTab(ack.question, view.tab) && view.selectedId === q.id) select(next, true);
  }
  scheduleRender();
  return ack;
}

function runAction(q, action) {
  const spec = ACTIONS[action];
  if (!rights.moderate || !q) return;
  if (!spec.from.includes(q.state) || (spec.when && !spec.when(q))) {
    notify(T.not_now, "info");
    return;
  }
  if (action === "dismiss") {
    openDismiss(q);
    return;
  }
  moderate(q, action);
}

function openDismiss(q) {
  view.selectedId = q.id;
  view.dismissingId = q.id;
  renderAll();
  const input = ui.detail.querySelector("[data-key='reason:" + q.id + "']");
  if (input) input.focus();
}

async function saveTranslation(q, lang) {
  const key = "tr:" + q.id + ":" + lang;
  const textarea = ui.detail.querySelector(`[data-key="${key}"]`);
  const ack = await live.emit("translate", { question_id: q.id, language: lang, text: textarea ? textarea.value : "" });
  if (!ack.ok) {
    notify(ack.message || T.error);
    return;
  }
  view.drafts.delete(key);
  view.editing.delete(q.id + ":" + lang);
  notify(format(T.translation_saved, { language: languageName(lang) }), "info");
  renderAll();
}

function openEditor(q, lang) {
  view.editing.add(q.id + ":" + lang);
  renderDetail();
  const textarea = ui.detail.querySelector(`[data-key="tr:${q.id}:${lang}"]`);
  if (textarea) textarea.focus();
}

function select(id, scroll) {
  view.selectedId = id;
  view.dismissingId = null;
  renderAll();
  if (scroll && id !== null) {
    const node = ui.cards.querySelector(`[data-id="${id}"]`);
    if (node) {
      node.scrollIntoView({ block: "nearest" });
      node.focus({ preventScroll: true });
    }
  }
}

function move(step) {
  const list = shownList();
  if (!list.length) return;
  const index = list.findIndex((q) => q.id === view.selectedId);
  const next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
  select(list[next].id, true);
}

function showTab(tab, focusTab) {
  if (!page.tabs.includes(tab)) return;
  view.tab = tab;
  view.frozen = null;
  const list = listOf(tab);
  if (!list.some((q) => q.id === view.selectedId)) view.selectedId = list.length ? list[0].id : null;
  view.dismissingId = null;
  renderAll();
  if (focusTab) document.getElementById("tab-" + tab).focus();
}

function nextFrom(lang) {
  const candidates = questions()
    .filter((q) => q.language === lang && q.state === "published" && !q.highlighted)
    .sort(byVotes);
  if (!candidates.length) {
    notify(format(T.next_none, { language: languageName(lang) }), "info");
    return;
  }
  if (view.language !== "all" && view.language !== lang) view.language = "all";
  view.tab = "published";
  view.frozen = null;
  select(candidates[0].id, true);
}

function syncSwitches(ev) {
  if (!ev) return;
  if (ui.premoderation) ui.premoderation.checked = ev.premoderation;
  if (ui.accepting) ui.accepting.checked = ev.accepting;
}

async function configure(input, setting) {
  const wanted = input.checked;
  input.disabled = true;
  const ack = await live.emit("configure", { [setting]: wanted });
  input.disabled = false;
  if (!ack.ok) {
    input.checked = !wanted;
    notify(ack.message || T.error);
    return;
  }
  syncSwitches(ack.event);
  notify(T[setting + (wanted ? "_on" : "_off")], "info");
}

// --- wiring -------------------------------------------------------------------------

ui.tabs.addEventListener("click", (e) => {
  const button = e.target.closest("[role=tab]");
  if (button) showTab(button.dataset.tab);
});

ui.tabs.addEventListener("keydown", (e) => {
  const rtl = document.documentElement.dir === "rtl";
  const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
  if (!step) return;
  const index = page.tabs.indexOf(view.tab);
  showTab(page.tabs[(index + step + page.tabs.length) % page.tabs.length], true);
  e.preventDefault();
});

ui.laneAll.addEventListener("click", () => {
  view.language = "all";
  renderAll();
});

ui.lanes.addEventListener("click", (e) => {
  const filter = e.target.closest("[data-lane]");
  const next = e.target.closest("[data-next]");
  if (filter) {
    view.language = view.language === filter.dataset.lane ? "all" : filter.dataset.lane;
    renderAll();
  } else if (next) {
    nextFrom(next.dataset.next);
  }
});

ui.cards.addEventListener("pointerenter", () => {
  view.frozen = new Map(shownList().map((q, i) => [q.id, i]));
});
ui.cards.addEventListener("pointerleave", () => {
  view.frozen = null;
  scheduleRender();
});

ui.cards.addEventListener("click", (e) => {
  const node = e.target.closest(".qcard");
  if (!node) return;
  const q = live.state.questions.get(Number(node.dataset.id));
  const button = e.target.closest("[data-action]");
  if (button) runAction(q, button.dataset.action);
  else if (q) select(q.id);
});

ui.detail.addEventListener("click", (e) => {
  const q = live.state.questions.get(view.selectedId);
  const target = e.target.closest("[data-action], [data-op]");
  if (!q || !target) return;
  if (target.dataset.action) runAction(q, target.dataset.action);
  else if (target.dataset.op === "dismiss-cancel") {
    view.dismissingId = null;
    renderDetail();
  } else if (target.dataset.op === "translate-edit") openEditor(q, target.dataset.lang);
  else if (target.dataset.op === "translate-cancel") {
    view.editing.delete(q.id + ":" + target.dataset.lang);
    view.drafts.delete("tr:" + q.id + ":" + target.dataset.lang);
    renderDetail();
  }
});

ui.detail.addEventListener("submit", (e) => {
  e.preventDefault();
  const q = live.state.questions.get(view.selectedId);
  const form = e.target;
  if (!q) return;
  if (form.dataset.form === "dismiss") {
    moderate(q, "dismiss", { reason: form.querySelector("input").value });
  } else if (form.dataset.form === "note") {
    moderate(q, "note", { note: form.querySelector("textarea").value });
  } else if (form.dataset.form === "translate") {
    saveTranslation(q, form.dataset.lang);
  }
});

ui.detail.addEventListener("input", (e) => {
  if (e.target.dataset.key && e.target.tagName !== "SELECT") view.drafts.set(e.target.dataset.key, e.target.value);
});

ui.detail.addEventListener("change", (e) => {
  const q = live.state.questions.get(view.selectedId);
  if (q && e.target.dataset.key === "assign") {
    const value = e.target.value;
    moderate(q, "assign", { panelist_id: value ? Number(value) : null });
  }
});

ui.detail.addEventListener("keydown", (e) => {
  // Ctrl+Enter (or Cmd+Enter) saves a text area's form.
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.tagName === "TEXTAREA") {
    e.preventDefault();
    e.target.form.requestSubmit();
  }
});

if (ui.deskAllBox) {
  ui.deskAllBox.addEventListener("change", () => {
    view.deskAll = ui.deskAllBox.checked;
    renderAll();
  });
}
if (ui.premoderation) ui.premoderation.addEventListener("change", () => configure(ui.premoderation, "premoderation"));
if (ui.accepting) ui.accepting.addEventListener("change", () => configure(ui.accepting, "accepting"));

function toggleHelp(open) {
  ui.help.hidden = !open;
  if (open) ui.help.querySelector("#help-close").focus();
  else ui.helpButton.focus();
}
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

const TYPING = "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=button])";

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const typing = e.target instanceof Element && e.target.closest(TYPING);
  if (e.key === "Escape") {
    if (!ui.help.hidden) toggleHelp(false);
    else if (typing) {
      if (e.target.dataset.key && e.target.dataset.key.startsWith("reason:")) view.dismissingId = null;
      e.target.blur();
      renderDetail();
    } else if (view.dismissingId !== null) {
      view.dismissingId = null;
      renderDetail();
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
  const q = live.state.questions.get(view.selectedId);
  const tabKeys = { 1: "incoming", 2: "published", 3: "answered", 4: "dismissed" };
  let handled = true;
  if (e.key === "j") move(1);
  else if (e.key === "k") move(-1);
  else if (tabKeys[e.key]) showTab(tabKeys[e.key]);
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
});

renderAll();
