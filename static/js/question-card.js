/*
 * question-card.js: one question of the attendee page as a card, in the reader's language.
 *
 *   import { questionCards } from "./question-card.js";
 *   const cards = questionCards({ strings, lang, timezone, languageLabels, languageNames, template, ownTemplate });
 *   const item = cards.card(question);      // the question's <li>, made once and kept
 *   cards.update(item, question, { own, voted, voting, original, editing });
 *   cards.redraws(item, question, marks)    // may update() redraw the whole card? (lists.js)
 *   cards.existing(id)                      // the question's <li> if made, else undefined
 *   cards.shown(question, original)         // {text, language, translation} to display
 *   cards.ago(iso) / cards.languageName(code) / cards.numbers (Intl.NumberFormat)
 *
 * Cards are clones of <template id="question-template">; the asker's own cards also get a
 * clone of ``ownTemplate`` (edit and withdraw), the others never carry those controls.
 * Every piece of user text goes in through textContent, so it stays inert. All prose
 * comes from ``strings``.
 */
import { format } from "./live.js";

const $ = (selector, root) => root.querySelector(selector);
const STEPS = [
  [60, "second", 1],
  [3600, "minute", 60],
  [86400, "hour", 3600],
  [Infinity, "day", 86400],
];

function attempt(...makers) {
  for (const make of makers) {
    try {
      return make();
    } catch (error) {
      // an unknown time zone or an old browser: try the next, simpler formatter
    }
  }
  return null;
}

// The first words of a question, to tell apart buttons that do the same to different questions.
export function firstWords(text, words = 6) {
  const parts = String(text).trim().split(/\s+/);
  return parts.length > words ? parts.slice(0, words).join(" ") + "…" : parts.join(" ");
}

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

function listOf(lang, names) {
  try {
    return new Intl.ListFormat(lang, { type: "conjunction" }).format(names);
  } catch {
    return names.join(", ");
  }
}

function renderFlags(container, flags) {
  const key = flags.map(([name]) => name).join(" ");
  if (container.dataset.key === key) return;
  container.dataset.key = key;
  container.replaceChildren(
    ...flags.map(([name, label]) => {
      const flag = document.createElement("span");
      flag.className = `flag flag-${name}`;
      flag.textContent = label;
      return flag;
    }),
  );
  container.hidden = flags.length === 0;
}

export function questionCards({ strings: S, lang, timezone, languageLabels, languageNames, template, ownTemplate }) {
  const numbers = new Intl.NumberFormat(lang);
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const names = attempt(() => new Intl.DisplayNames([lang], { type: "language" }));
  const absolute = attempt(
    () => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: timezone }),
    () => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }),
  );
  const items = new Map(); // question id -> <li>

  // Names as written mid-sentence ("en espagnol"); the labels are capitalised for menus.
  function languageName(code) {
    return (languageNames || languageLabels)[code] || (names && names.of(code)) || code;
  }

  function ago(iso) {
    if (!iso) return "";
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    for (const [limit, unit, size] of STEPS) {
      if (Math.abs(seconds) < limit) {
        if (unit === "second" && Math.abs(seconds) < 45) return relative.format(0, "second");
        return relative.format(Math.round(seconds / size), unit);
      }
    }
    return "";
  }

  // The reader's language when someone translated the question into it, else the original.
  function shown(question, original) {
    const translation = question.language !== lang ? question.translations?.[lang] : null;
    if (translation && !original) return { text: translation.text, language: lang, translation };
    return { text: question.text, language: question.language, translation };
  }

  function card(question) {
    let item = items.get(question.id);
    if (!item) {
      item = template.content.firstElementChild.cloneNode(true);
      item.dataset.id = question.id;
      items.set(question.id, item);
    }
    return item;
  }

  function forget(id) {
    const item = items.get(id);
    if (item) item.remove();
    items.delete(id);
  }

  // The button's name says which question and how many votes: "Upvote: How do public… · Votes: 6".
  // It is aria-disabled, never disabled, while its vote is under way, so it keeps the focus.
  function updateVote(item, q, marks) {
    const button = $(".vote-button", item);
    const label = marks.voted ? S.unvote : S.vote;
    button.setAttribute("aria-pressed", String(marks.voted));
    button.setAttribute("aria-disabled", String(q.state !== "published" || Boolean(marks.voting)));
    button.setAttribute("aria-busy", String(Boolean(marks.voting)));
    const name = format(S.action_on, { action: label, question: item.words });
    button.setAttribute("aria-label", `${name} · ${format(S.votes_label, { n: numbers.format(q.votes) })}`);
    button.title = label;
    setText($(".vote-count", item), numbers.format(q.votes));
    item.votes = q.votes;
  }

  function updateLanguage(item, q, marks) {
    const { text, language, translation } = shown(q, marks.original);
    const textElement = $(".q-text", item);
    setText(textElement, text);
    textElement.lang = language;
    const badge = $(".q-language-badge", item);
    const toggle = $(".q-original-toggle", item);
    if (translation) {
      const origin = format(S.original_language, { language: languageName(q.language) });
      const by = translation.verified ? S.translated_by_person : S.translated_unverified;
      setText(badge, `${origin} · ${by}`);
      toggle.hidden = false;
      toggle.setAttribute("aria-pressed", String(Boolean(marks.original)));
      setText(toggle, marks.original ? S.show_translation : S.show_original);
    } else {
      const other = q.language !== lang;
      setText(badge, other ? format(S.in_language, { language: languageName(q.language) }) : "");
      toggle.hidden = true;
    }
    $(".q-language", item).hidden = !badge.textContent;
  }

  // The written answer, in the reader's language when someone translated it.
  function updateAnswer(item, q) {
    const box = $(".q-answer", item);
    if (!box) return;
    const answer = q.answer;
    box.hidden = !answer;
    if (!answer) return;
    const translation = answer.language !== lang ? answer.translations?.[lang] : null;
    setText($(".q-answer-label", item), S.written_answer);
    const text = $(".q-answer-text", item);
    setText(text, translation ? translation.text : answer.text);
    text.lang = translation ? lang : answer.language;
  }

  // Why the asker's question was not selected: the listed reason in their language, then
  // the moderator's own words.
  function reasonText(q) {
    const listed = q.dismiss_reason_code ? S["reason_" + q.dismiss_reason_code] : null;
    return [listed, q.dismiss_reason].filter(Boolean).join(" · ");
  }

  // Edit and withdraw exist only on the asker's own cards: made the first time they are
  // needed, then hidden or shown. (In every card they doubled the cost of moving cards.)
  function updateOwn(item, q, marks) {
    let actions = $(".q-own-actions", item);
    if (!actions) {
      if (!marks.own || !ownTemplate) return;
      $(".q-body", item).append(ownTemplate.content.firstElementChild.cloneNode(true));
      actions = $(".q-own-actions", item);
    }
    const editable = marks.own && q.state === "pending";
    actions.hidden = !(marks.own && (q.state === "pending" || q.state === "published")) || Boolean(marks.editing);
    $(".q-edit", item).hidden = !editable;
    const form = $(".q-edit-form", item);
    form.hidden = !marks.editing;
  }

  const keyOf = (marks) => `${marks.own}|${marks.voted}|${marks.voting}|${marks.original}|${marks.editing}`;

  // The question as drawn, but for its count (drawn apart).
  const contentOf = (q) => JSON.stringify({ ...q, votes: 0 });

  // True when update() may redraw the whole card (a new question object, or the reader's
  // marks changed), false when at most its count changes.
  function redraws(item, q, marks) {
    return item.shown !== q || item.marksKey !== keyOf(marks);
  }

  // Redraws the card; when only its vote count changed (a votes message), only the count.
  // A re-sync brings every question as a new object, most of them as they were drawn:
  // those are compared, not redrawn.
  function update(item, q, marks) {
    const marksKey = keyOf(marks);
    if (item.shown && item.shown !== q && item.marksKey === marksKey && item.content === contentOf(q)) {
      item.shown = q;
    }
    if (item.shown === q && item.marksKey === marksKey) {
      if (item.votes !== q.votes) {
        item.dataset.votes = q.votes;
        updateVote(item, q, marks);
      }
      return;
    }
    item.shown = q;
    item.marksKey = marksKey;
    item.content = contentOf(q);
    item.words = firstWords(shown(q, marks.original).text);
    item.dataset.state = q.state;
    item.dataset.votes = q.votes;
    item.classList.toggle("is-own", Boolean(marks.own));
    item.classList.toggle("is-highlighted", q.highlighted);
    updateVote(item, q, marks);

    const flags = [];
    if (q.highlighted) flags.push(["now", S.now_answering]);
    if (q.state === "pending") flags.push(["pending", S.awaiting]);
    if (q.state === "dismissed") flags.push(["dismissed", S.not_selected]);
    if (q.state === "answered") {
      flags.push(q.outcome === "written" ? ["written", S.answered_in_writing] : ["answered", S.answered]);
    }
    if (q.edited) flags.push(["edited", S.edited_mark]);
    if (marks.own) flags.push(["own", S.yours]);
    renderFlags($(".q-flags", item), flags);
    updateLanguage(item, q, marks);

    setText($(".q-name", item), q.name || S.anonymous);
    const time = $(".q-time", item);
    time.dateTime = q.asked_at || "";
    setText(time, ago(q.asked_at));
    if (absolute && q.asked_at) time.title = absolute.format(new Date(q.asked_at));
    setText($(".q-topic", item), q.topic ? q.topic.title : "");
    const panelist = !q.panelist
      ? ""
      : q.panelist.answers_in
        ? format(S.assigned_to_in, { name: q.panelist.name, language: languageName(q.panelist.answers_in) })
        : format(S.assigned_to, { name: q.panelist.name });
    setText($(".q-panelist", item), panelist);
    const reason = $(".q-reason", item);
    const why = q.state === "dismissed" ? reasonText(q) : "";
    reason.hidden = !why;
    setText(reason, why ? format(S.not_selected_reason, { reason: why }) : "");
    const also = $(".q-also", item);
    if (also) {
      const others = q.also_asked_in || [];
      also.hidden = others.length === 0;
      setText(also, others.length ? format(S.also_asked_in, { languages: listOf(lang, others.map(languageName)) }) : "");
    }
    updateAnswer(item, q);
    updateOwn(item, q, marks);
  }

  return {
    card,
    existing: (id) => items.get(id),
    forget,
    update,
    redraws,
    shown,
    ago,
    languageName,
    numbers,
    reasonText,
    ids: () => [...items.keys()],
  };
}
