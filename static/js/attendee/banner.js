/*
 * banner.js: "Now answering", the highlighted question above the lists.
 */

import { format } from "../live.js";
import { $, S, cards, setText, view } from "./page.js";
import { showOriginal } from "./state.js";

let announced; // the id last announced as being answered (undefined: nothing rendered yet)

function announce(question) {
  const id = question ? question.id : null;
  if (id === announced) return;
  const first = announced === undefined;
  announced = id;
  if (first || !question) return; // the page as it loads is read by itself
  view.announcer.textContent = format(S.now_answering_text, { question: cards.shown(question, false).text });
}

export function renderBanner(question) {
  view.banner.hidden = !question;
  announce(question);
  if (!question) return;
  const { text, language } = cards.shown(question, showOriginal.has(question.id));
  const textElement = $(".now-answering-text", view.banner);
  setText(textElement, text);
  textElement.lang = language;
  const meta = [question.name || S.anonymous];
  if (question.panelist) meta.push(format(S.assigned_to, { name: question.panelist.name }));
  setText($(".now-answering-meta", view.banner), meta.join(" · "));
}
