/*
 * The projector view: the question being answered, large, in its original language and
 * in every translation, with which language the panelist answers in; "waiting" otherwise.
 * It only listens (namespace /attendee).
 *
 * While a question is up, the title, the top bar and the join QR code step aside and the
 * question takes the screen: fit() picks the largest type size at which the question and
 * its translations fit, never below 28 px (readable from the back of a room at 1280×720).
 * `?qr=0` turns the QR code off altogether.
 */
import { connectLive, format, readJSON } from "./live.js";

const page = readJSON("page-data");
const S = page.strings;
const $ = (selector, root = document) => root.querySelector(selector);

const view = {
  layout: $(".present-layout"),
  title: $("#event-title"),
  stage: $(".present-stage"),
  waiting: $("#present-waiting"),
  question: $("#present-question"),
  text: $(".present-text"),
  language: $(".present-language"),
  asker: $(".present-asker"),
  topic: $(".present-topic"),
  panelist: $(".present-panelist"),
  answerHint: $(".present-answer-hint"),
  translations: $(".present-translations"),
  also: $(".present-also"),
  translationTemplate: $("#translation-template"),
};
let shownKey = "";

// Labels stand alone ("Spanish"); names go mid-sentence ("répond en espagnol").
const label = (code) => page.language_labels[code] || code;
const sentenceName = (code) => (page.language_names || page.language_labels)[code] || code;

function highlighted(state) {
  let best = null;
  for (const question of state.questions.values()) {
    if (question.highlighted && question.state === "published" && (!best || question.id > best.id)) {
      best = question;
    }
  }
  return best;
}

// "French and Spanish", for merged duplicates asked in other languages.
function languageList(codes) {
  const names = codes.map(sentenceName);
  try {
    return new Intl.ListFormat(document.documentElement.lang || "en", { type: "conjunction" }).format(names);
  } catch {
    return names.join(", ");
  }
}

const MIN_PX = 28;
const MAX_PX = 96;

function fits() {
  return view.stage.scrollHeight <= view.stage.clientHeight + 1;
}

// The largest type size (in whole pixels, by bisection) at which everything fits.
function fit() {
  let low = MIN_PX;
  let high = MAX_PX;
  view.question.style.setProperty("--q-size", high + "px");
  if (fits()) return;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    view.question.style.setProperty("--q-size", mid + "px");
    if (fits()) low = mid;
    else high = mid;
  }
  view.question.style.setProperty("--q-size", low + "px");
}

// "Ana Ruiz answers in Spanish. Other languages: on the interpretation channels."
// The server decides the language (the question's own when the panelist speaks it).
function answerHint(question) {
  const spoken = question.panelist && question.panelist.answers_in;
  if (!spoken) return "";
  return format(S.answers_in, { name: question.panelist.name, language: sentenceName(spoken) });
}

function render(state) {
  if (state.event) view.title.textContent = state.event.title;
  const question = highlighted(state);
  view.waiting.hidden = Boolean(question);
  view.question.hidden = !question;
  document.body.classList.toggle("has-question", Boolean(question));
  if (!question) {
    shownKey = "";
    return;
  }
  const hint = answerHint(question);
  const also = question.also_asked_in || [];
  const key = JSON.stringify([question.id, question.text, question.translations, question.name, question.topic, hint, also]);
  if (key === shownKey) return;
  shownKey = key;
  view.question.dataset.id = question.id;
  view.text.textContent = question.text;
  view.text.lang = question.language;
  view.language.textContent = label(question.language);
  view.asker.textContent = question.name ? format(S.asked_by, { name: question.name }) : "";
  view.topic.textContent = question.topic ? question.topic.title : "";
  // The hint names the panelist; without it, the panelist is named on their own.
  view.panelist.textContent = question.panelist && !hint ? format(S.assigned_to, { name: question.panelist.name }) : "";
  view.answerHint.textContent = hint;
  view.answerHint.hidden = !hint;
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
      $(".present-translation-language", item).textContent = label(code);
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
