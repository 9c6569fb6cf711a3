/*
 * format.js: numbers, shares, clock times and language names in the page's language.
 */

import { page } from "./page.js";

export const numbers = new Intl.NumberFormat(page.lang);
export const percent = new Intl.NumberFormat(page.lang, { style: "percent", maximumFractionDigits: 0 });

let clock;
try {
  clock = new Intl.DateTimeFormat(page.lang, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: page.event.timezone,
  });
} catch {
  // An unknown time zone: show the viewer's local time rather than nothing.
  clock = new Intl.DateTimeFormat(page.lang, { hour: "2-digit", minute: "2-digit" });
}

export const time = (iso) => (iso ? clock.format(new Date(iso)) : "");
export const languageName = (code) => page.language_names[code] || code;
export const code = (lang) => String(lang).toUpperCase();

// The first words of a question, for the names of buttons that act on it.
export { firstWords } from "../question-card.js";
