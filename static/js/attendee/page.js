/*
 * page.js: what the server embedded in the attendee page, read once.
 *
 * S holds all prose (from the server's catalogs); view holds the page's fixed elements;
 * cards makes and updates the question cards in the reader's language.
 */

import { readJSON } from "../live.js";
import { questionCards } from "../question-card.js";

export const page = readJSON("page-data");
export const S = page.strings;
export const $ = (selector, root = document) => root.querySelector(selector);

export const view = {
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
  offline: $("#ask-offline"),
  announcer: $("#announcer"),
  conflict: $("#ask-conflict"),
  ownSection: $("#own-section"),
  lists: { own: $("#own-list"), open: $("#open-list"), answered: $("#answered-list") },
  pause: $("#pause-toggle"),
  pausedHint: $("#paused-hint"),
  notices: $("#notices"),
  questionTemplate: $("#question-template"),
  ownTemplate: $("#own-template"),
  noticeTemplate: $("#notice-template"),
};

export const cards = questionCards({
  strings: S,
  lang: document.documentElement.lang || "en",
  timezone: page.event.timezone,
  languageLabels: page.language_labels,
  languageNames: page.language_names,
  template: view.questionTemplate,
  ownTemplate: view.ownTemplate,
});
export const { numbers, languageName } = cards;

// Touches the element only when its text differs: every render sets the same texts again.
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
