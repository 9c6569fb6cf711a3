/*
 * lanes.js: one lane per language, with its share of the questions and of the votes and
 * a "next from" button (for those who see the published list). The lane buttons filter
 * the lists; their clicks are wired in navigation.js.
 */

import { format } from "../live.js";
import { el } from "./dom.js";
import { code, languageName, numbers, percent } from "./format.js";
import { page, T, ui } from "./page.js";
import { event, questions, view, WORKING } from "./state.js";

function laneStats() {
  const languages = [...event().languages];
  for (const q of questions()) if (!languages.includes(q.language)) languages.push(q.language);
  const active = questions().filter((q) => WORKING.includes(q.state));
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

export function renderLanes() {
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
