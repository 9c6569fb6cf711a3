/*
 * The projector view: the question being answered, large, in its original language and
 * in every translation; "waiting" otherwise. It only listens (namespace /attendee).
 */
import { connectLive, format, readJSON } from "./live.js";

const page = readJSON("page-data");
const S = page.strings;
const lang = document.documentElement.lang || "en";
const $ = (selector, root = document) => root.querySelector(selector);
let displayNames = null;
try {
  displayNames = new Intl.DisplayNames([lang], { type: "language" });
} catch (error) {
  displayNames = null;
}

const view = {
  title: $("#event-title"),
  waiting: $("#present-waiting"),
  question: $("#present-question"),
  text: $(".present-text"),
  language: $(".present-language"),
  asker: $(".present-asker"),
  topic: $(".present-topic"),
  panelist: $(".present-panelist"),
  translations: $(".present-translations"),
  also: $(".present-also"),
  translationTemplate: $("#translation-template"),
};
let shownKey = "";

function languageName(code) {
  return page.language_labels[code] || (displayNames && displayNames.of(code)) || code;
}

function highlighted(state) {
  let best = null;
  for (const question of state.questions.values()) {
    if (question.highlighted && question.state === "published" && (!best || question.id > best.id)) {
      best = question;
    }
  }
  return best;
}

// Long questions get a smaller type size so they still fit the screen.
function languageList(codes) {
  const names = codes.map(languageName);
  try {
    return new Intl.ListFormat(document.documentElement.lang || "en", { type: "conjunction" }).format(names);
  } catch {
    return names.join(", ");
  }
}

function sizeClass(text) {
  const n = [...text].length;
  return n > 320 ? "size-s" : n > 160 ? "size-m" : "size-l";
}

const MIN_FIT = 0.4;

// Shrink the type until the question and its translations fit the stage (projector
// screens do not scroll). Where the stage grows with its content, nothing overflows.
function fit() {
  const stage = $(".present-stage");
  let scale = 1;
  view.question.style.setProperty("--fit", "1");
  while (scale > MIN_FIT && stage.scrollHeight > stage.clientHeight + 1) {
    scale = Math.round((scale - 0.05) * 100) / 100;
    view.question.style.setProperty("--fit", String(scale));
  }
}

function render(state) {
  if (state.event) view.title.textContent = state.event.title;
  const question = highlighted(state);
  view.waiting.hidden = Boolean(question);
  view.question.hidden = !question;
  if (!question) {
    shownKey = "";
    return;
  }
  const also = question.also_asked_in || [];
  const key = JSON.stringify([question.id, question.text, question.translations, question.name, question.topic, question.panelist, also]);
  if (key === shownKey) return;
  shownKey = key;
  view.question.dataset.id = question.id;
  view.text.textContent = question.text;
  view.text.lang = question.language;
  view.question.className = `present-question ${sizeClass(question.text)}`;
  view.language.textContent = languageName(question.language);
  view.asker.textContent = question.name ? format(S.asked_by, { name: question.name }) : "";
  view.topic.textContent = question.topic ? question.topic.title : "";
  view.panelist.textContent = question.panelist ? format(S.assigned_to, { name: question.panelist.name }) : "";
  // Merged duplicates: "also asked in French and Spanish".
  view.also.hidden = also.length === 0;
  view.also.textContent = also.length ? format(S.also_asked_in, { languages: languageList(also) }) : "";
  const translations = Object.entries(question.translations || {})
    .filter(([code]) => code !== question.language)
    .sort(([a], [b]) => a.localeCompare(b));
  view.translations.replaceChildren(
    ...translations.map(([code, translation]) => {
      const item = view.translationTemplate.content.firstElementChild.cloneNode(true);
      const text = $(".present-translation-text", item);
      $(".present-translation-language", item).textContent = languageName(code);
      text.textContent = translation.text;
      text.lang = code;
      return item;
    }),
  );
  fit();
}

window.addEventListener("resize", () => {
  if (!view.question.hidden) fit();
});

const live = connectLive({
  namespace: "/attendee",
  event: page.event.code,
  strings: S,
  statusElement: $("#live-status"),
  onChange(state) {
    render(state);
  },
});
window.qaLive = live; // for the browser tests and for debugging
