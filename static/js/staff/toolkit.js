/*
 * toolkit.js: the moderator's toolkit in the detail pane: edit the question, answer in
 * writing (moderators and the assigned panelist), similar questions to merge (a person
 * confirms each one) and the merged ones with their undo, up next, interpreters' flags.
 * Its forms and buttons are wired in toolkit-actions.js.
 */

import { format } from "../live.js";
import { el } from "./dom.js";
import { code, languageName } from "./format.js";
import { rights, T } from "./page.js";
import { event, fieldValue, live, myPanelistIds, view } from "./state.js";

export const FLAGS = ["unclear", "in_progress", "ready"];
export const REASONS = ["answered", "off_topic", "duplicate", "personal_data", "rephrase"];

const LIVE = ["pending", "published", "answered"];

export function languageList(codes) {
  const names = codes.map(languageName);
  try {
    return new Intl.ListFormat(document.documentElement.lang || "en", { type: "conjunction" }).format(names);
  } catch {
    return names.join(", ");
  }
}

function languageOptions(selected) {
  return event().languages.map((lang) => el("option", { value: lang, selected: lang === selected }, languageName(lang)));
}

export function mayAnswer(q) {
  return rights.moderate || Boolean(q.panelist && myPanelistIds().has(q.panelist.id));
}

export function editSection(q) {
  if (!rights.moderate || !LIVE.includes(q.state)) return null;
  const key = "edit:" + q.id;
  return el(
    "details",
    { class: "tool edit-tool", open: view.editingQuestion === q.id },
    el("summary", { dataset: { op: "edit-open" } }, T.edit),
    el(
      "form",
      { class: "edit-form", dataset: { form: "edit" } },
      el("label", { for: key, class: "section-label" }, T.edit_text),
      el("textarea", { id: key, rows: "3", maxlength: "500", dir: "auto", dataset: { key } }, fieldValue(key, q.text)),
      el(
        "span",
        { class: "form-row" },
        el("label", { for: key + ":lang" }, T.edit_language),
        el("select", { id: key + ":lang", name: "language" }, languageOptions(q.language)),
        el("label", { for: key + ":topic" }, T.edit_topic),
        el(
          "select",
          { id: key + ":topic", name: "topic" },
          el("option", { value: "" }, T.no_topic),
          event().topics.map((t) => el("option", { value: String(t.id), selected: q.topic && q.topic.id === t.id }, t.title)),
        ),
      ),
      el("span", { class: "form-buttons" }, el("button", { type: "submit", class: "btn btn-primary" }, T.save_edit)),
    ),
  );
}

export function editedNote(q) {
  if (!q.original_text) return null;
  return el("p", { class: "edited-note", dir: "auto" }, format(T.before_edits, { text: q.original_text }));
}

function answerTranslations(answer) {
  return Object.entries(answer.translations || {}).map(([lang, t]) =>
    el(
      "div",
      { class: "version", dataset: { lang } },
      el("h4", {}, el("span", { class: "lang-code" }, code(lang)), " ", format(T.answer_translation, { language: languageName(lang) })),
      el("p", { class: "version-text", lang, dir: "auto" }, t.text),
      el("p", { class: t.verified ? "verified" : "unverified" }, t.verified ? format(T.verified_by, { name: t.by }) : T.unverified),
    ),
  );
}

function answerDesk(q) {
  // Interpreters translate the written answer like the question.
  if (!rights.translate || !q.answer) return null;
  const missing = event().languages.filter((lang) => lang !== q.answer.language);
  return missing.map((lang) => {
    const key = "atr:" + q.id + ":" + lang;
    const current = (q.answer.translations || {})[lang];
    return el(
      "form",
      { class: "translate-form answer-translate", dataset: { form: "translate-answer", lang } },
      el("label", { for: key, class: "section-label" }, format(T.answer_translation, { language: languageName(lang) })),
      el("textarea", { id: key, rows: "2", maxlength: "5000", lang, dir: "auto", dataset: { key } },
        fieldValue(key, current ? current.text : "")),
      el("span", { class: "form-buttons" }, el("button", { type: "submit", class: "btn" }, T.save_translation)),
    );
  });
}

export function answerSection(q) {
  const answer = q.answer;
  const canWrite = mayAnswer(q) && ["published", "answered"].includes(q.state);
  if (!answer && !canWrite) return null;
  const key = "answer:" + q.id;
  return el(
    "section",
    { class: "tool answer-tool" },
    el("h3", {}, T.written_answer, q.outcome && el("span", { class: "flag flag-outcome" }, T["outcome_" + q.outcome])),
    answer && el("p", { class: "answer-text", lang: answer.language, dir: "auto" }, answer.text),
    answer && el("p", { class: "answer-by" }, format(T.answer_by, { name: answer.by }), " · ", languageName(answer.language)),
    answer && answerTranslations(answer),
    canWrite &&
      el(
        "form",
        { class: "answer-form", dataset: { form: "answer" } },
        el("label", { for: key, class: "section-label" }, T.answer_text),
        el("textarea", { id: key, rows: "3", maxlength: "5000", dir: "auto", dataset: { key } },
          fieldValue(key, answer ? answer.text : "")),
        el(
          "span",
          { class: "form-row" },
          el("label", { for: key + ":lang" }, T.answer_language),
          el("select", { id: key + ":lang", name: "language" }, languageOptions(answer ? answer.language : q.language)),
          el("button", { type: "submit", class: "btn btn-primary" }, T.save_answer),
        ),
      ),
    answerDesk(q),
  );
}

function viaText(s) {
  return format(T.similar_via, {
    score: s.score,
    language: languageName(s.via.language),
    mine: T["kind_" + s.via.question],
    theirs: T["kind_" + s.via.suggestion],
  });
}

// Which of two duplicates stays when they are merged, unless the moderator picks: the one
// with more votes, else the one asked first. The other's askers, votes and wording go into it.
export function survivorOf(a, b) {
  if (a.votes !== b.votes) return a.votes > b.votes ? a : b;
  return (a.asked_at || "") < (b.asked_at || "") || (a.asked_at === b.asked_at && a.id < b.id) ? a : b;
}

// The merge dialog, under the suggestion it was opened from: which question stays, which
// goes into it, and a way to keep the other one instead.
function mergeConfirm(q, other) {
  const draft = view.drafts.get("merge:" + q.id);
  if (!draft || draft.other !== other.id) return null;
  const pair = [q, other];
  const stays = pair.find((x) => x.id === draft.keep) || survivorOf(q, other);
  const goes = stays === q ? other : q;
  const line = (label, x) =>
    el("p", {}, el("span", { class: "merge-role" }, label), " ", el("span", { class: "lang-code" }, code(x.language)), " ",
      el("q", { dir: "auto", lang: x.language }, x.text), " ", el("span", { class: "muted" }, format(T.votes_count, { n: x.votes })));
  return el(
    "div",
    { class: "merge-confirm", role: "group", "aria-label": T.merge_title },
    line(T.merge_stays, stays),
    line(T.merge_goes, goes),
    el("button", { type: "button", class: "btn btn-small btn-primary", dataset: { op: "merge-confirm", id: other.id, keep: stays.id } }, T.merge_confirm),
    " ",
    el("button", { type: "button", class: "btn btn-small", dataset: { op: "merge-swap", id: other.id, keep: goes.id } }, T.merge_swap),
    " ",
    el("button", { type: "button", class: "btn btn-small", dataset: { op: "merge-cancel", id: other.id } }, T.cancel),
  );
}

export function mergeSection(q) {
  if (!rights.moderate) return null;
  const merged = (q.merged || []).map((m) =>
    el(
      "li",
      { class: "merged-item", dataset: { id: m.id } },
      el("span", { class: "lang-code" }, code(m.language)),
      " ",
      el("span", { dir: "auto", lang: m.language }, m.text),
      " ",
      q.state !== "answered" && el("button", { type: "button", class: "btn btn-small", dataset: { op: "unmerge", id: m.id } }, T.unmerge),
    ),
  );
  const suggestions = LIVE.includes(q.state) ? view.suggestions.get(q.id) : null;
  const items = (suggestions || [])
    .map((s) => [s, live.state.questions.get(s.question_id)])
    .filter(([, other]) => other && LIVE.includes(other.state))
    .map(([s, other]) =>
      el(
        "li",
        { class: "suggestion", dataset: { id: s.question_id } },
        el("span", { class: "lang-code" }, code(other.language)),
        " ",
        el("span", { class: "suggestion-text", dir: "auto", lang: other.language }, other.text),
        el("span", { class: "suggestion-via" }, viaText(s)),
        ["pending", "published"].includes(other.state) &&
          el("button", { type: "button", class: "btn btn-small", dataset: { op: "merge-ask", id: s.question_id } }, T.merge_with),
        mergeConfirm(q, other),
      ),
    );
  if (!merged.length && suggestions === undefined) return null;
  return el(
    "section",
    { class: "tool merge-tool" },
    merged.length > 0 && el("h3", {}, T.merged_here),
    merged.length > 0 && el("ul", { class: "merged-list" }, merged),
    suggestions && el("h3", {}, T.similar),
    suggestions && (items.length ? el("ul", { class: "suggestions" }, items) : el("p", { class: "empty-note" }, T.similar_none)),
  );
}

export function queueButton(q) {
  if (!rights.moderate || q.state !== "published" || q.highlighted) return null;
  const queued = q.queue_position !== null && q.queue_position !== undefined;
  return el(
    "button",
    { type: "button", class: "btn", dataset: { op: queued ? "queue-remove" : "queue-add" } },
    queued ? T.queue_remove : T.queue_add,
  );
}

export function flagSection(q) {
  if (!rights.translate || !["pending", "published"].includes(q.state)) {
    return q.interpreter_flag ? el("p", { class: "flag-note" }, T["flag_" + q.interpreter_flag]) : null;
  }
  return el(
    "section",
    { class: "tool flag-tool" },
    el("h3", {}, T.flag_label),
    el(
      "span",
      { class: "flag-buttons", role: "group", "aria-label": T.flag_label },
      FLAGS.map((flag) =>
        el("button", { type: "button", class: "btn btn-small", "aria-pressed": String(q.interpreter_flag === flag),
          dataset: { op: "flag", flag } }, T["flag_" + flag]),
      ),
      q.interpreter_flag && el("button", { type: "button", class: "btn btn-small", dataset: { op: "flag", flag: "" } }, T.flag_clear),
    ),
  );
}

export function reasonSelect(q) {
  return el(
    "select",
    { id: "reason-code-" + q.id, name: "reason_code", "aria-label": T.reason_code_label },
    el("option", { value: "" }, T.reason_none),
    REASONS.map((code) => el("option", { value: code }, T["reason_" + code])),
  );
}

export function readAloudText(q) {
  const read = q.read_aloud;
  if (!read) return T.read_aloud_missing;
  const language = languageName(read.language);
  return format(read.source === "original" ? T.read_aloud_original : T.read_aloud_translation, { language });
}
