/*
 * lanes.js: one lane per language, with its share of the questions and of the votes and
 * a "next from" button (for those who see the published list). The lane buttons filter
 * the lists; their clicks are wired in navigation.js.
 *
 * Lanes are made once per language and updated in place, so a vote arriving never takes
 * the focus off a lane's button. Every number is read with its label.
 */

import { format } from "../live.js";
import { placeChildren } from "../keyed.js";
import { el } from "./dom.js";
import { code, languageName, numbers, percent } from "./format.js";
import { page, T, ui } from "./page.js";
import { event, questions, view, WORKING } from "./state.js";

function laneStats() {
  const languages = [...event().languages];
  const all = questions();
  for (const q of all) if (!languages.includes(q.language)) languages.push(q.language);
  const stats = new Map(languages.map((lang) => [lang, { lang, count: 0, waiting: 0, votes: 0 }]));
  let totalQuestions = 0;
  let totalVotes = 0;
  for (const q of all) {
    if (!WORKING.includes(q.state)) continue;
    const stat = stats.get(q.language);
    stat.count++;
    stat.votes += q.votes;
    if (q.state === "published") stat.waiting++;
    totalQuestions++;
    totalVotes += q.votes;
  }
  return [...stats.values()].map((stat) => ({
    ...stat,
    questionShare: totalQuestions ? stat.count / totalQuestions : 0,
    voteShare: totalVotes ? stat.votes / totalVotes : 0,
  }));
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function bar(kind, label) {
  return el(
    "span",
    { class: "bar-row", dataset: { kind, label } },
    el("span", { class: "bar", "aria-hidden": "true" }, el("span", { class: "bar-fill" })),
    el("span", { class: "bar-value", "aria-hidden": "true" }),
    el("span", { class: "visually-hidden bar-label" }),
  );
}

function makeLane(lang, canJump) {
  return el(
    "li",
    { class: "lane", dataset: { lang } },
    el(
      "button",
      { type: "button", class: "lane-filter", title: format(T.filter_language, { language: languageName(lang) }), dataset: { lane: lang } },
      el("span", { class: "lang-code", "aria-hidden": "true" }, code(lang)),
      el("span", { class: "lane-name" }, languageName(lang)),
      el("span", { class: "count", dataset: { laneCount: lang }, "aria-hidden": "true" }),
      el("span", { class: "visually-hidden lane-count-label" }),
    ),
    el("span", { class: "lane-bars" }, bar("questions", T.share_questions), bar("votes", T.share_votes)),
    canJump &&
      el("button", { type: "button", class: "lane-next", dataset: { next: lang } }, format(T.next_from, { language: code(lang) })),
  );
}

function updateBar(row, share) {
  const value = percent.format(share);
  row.querySelector(".bar-fill").style.inlineSize = (share * 100).toFixed(1) + "%";
  setText(row.querySelector(".bar-value"), value);
  const label = format(row.dataset.label, { share: value });
  setText(row.querySelector(".bar-label"), label);
  row.title = label;
}

const lanes = new Map(); // language -> its lane

export function renderLanes() {
  const canJump = page.tabs.includes("published");
  ui.laneAll.setAttribute("aria-pressed", String(view.language === "all"));
  const nodes = laneStats().map((stat) => {
    if (!lanes.has(stat.lang)) lanes.set(stat.lang, makeLane(stat.lang, canJump));
    const lane = lanes.get(stat.lang);
    lane.querySelector(".lane-filter").setAttribute("aria-pressed", String(view.language === stat.lang));
    setText(lane.querySelector("[data-lane-count]"), numbers.format(stat.count));
    setText(lane.querySelector(".lane-count-label"), format(T.questions_count, { n: numbers.format(stat.count) }));
    const [questionsRow, votesRow] = lane.querySelectorAll(".bar-row");
    updateBar(questionsRow, stat.questionShare);
    updateBar(votesRow, stat.voteShare);
    const next = lane.querySelector(".lane-next");
    // aria-disabled, not disabled: a focused button that empties keeps the focus.
    if (next) next.setAttribute("aria-disabled", String(stat.waiting === 0));
    return lane;
  });
  placeChildren(ui.lanes, nodes);
}
