/*
 * banner.js: "Now answering", the highlighted question above the lists.
 */

import { format } from "../live.js";
import { $, S, cards, setText, view } from "./page.js";
import { showOriginal } from "./state.js";

export function renderBanner(question) {
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
