/*
 * notices.js: short messages to the attendee, above all what became of their own
 * questions (approved, highlighted, answered, dismissed with its reason).
 */

import { format } from "../live.js";
import { $, S, cards, view } from "./page.js";
import { mine } from "./state.js";

const NOTICE_LIMIT = 4;
const NOTICE_SECONDS = 15;
const ownKnown = new Map(); // id -> what the asker last knew of it: to tell them what changed

function known(question) {
  return {
    state: question.state,
    highlighted: question.highlighted,
    edited: Boolean(question.edited),
    answer: question.answer ? question.answer.text : null,
    merged: (question.merged || []).length,
  };
}

// kind "offline" marks a notice that the connection's return takes back (connection.js).
export function notify(text, kind = "info") {
  const notice = view.noticeTemplate.content.firstElementChild.cloneNode(true);
  notice.dataset.kind = kind;
  $(".notice-text", notice).textContent = text;
  $(".notice-close", notice).addEventListener("click", () => {
    // Closing a notice must not drop the focus: it goes back to the form's field.
    notice.remove();
    view.text.focus();
  });
  view.notices.append(notice);
  window.setTimeout(() => notice.remove(), NOTICE_SECONDS * 1000);
  while (view.notices.children.length > NOTICE_LIMIT) view.notices.firstElementChild.remove();
}

// A question this attendee just asked: what it is now, without a notice.
export function rememberOwn(question) {
  mine.add(question.id);
  if (!ownKnown.has(question.id)) ownKnown.set(question.id, known(question));
}

export function noticeOwnChange(question) {
  if (!mine.has(question.id)) return;
  const before = ownKnown.get(question.id);
  const now = known(question);
  ownKnown.set(question.id, now);
  if (!before) return;
  if (before.state === "pending" && question.state === "published") notify(S.notice_approved);
  if (!before.highlighted && question.highlighted) notify(S.notice_highlighted);
  const written = now.answer !== null && now.answer !== before.answer;
  if (written) notify(S.notice_written_answer);
  else if (before.state !== "answered" && question.state === "answered") notify(S.notice_answered);
  if (!before.edited && now.edited) notify(S.notice_edited);
  if (now.merged > before.merged) notify(S.notice_merged_in);
  if (before.state !== "merged" && question.state === "merged") notify(S.notice_merged);
  if (before.state !== "withdrawn" && question.state === "withdrawn") notify(S.notice_withdrawn);
  if (before.state !== "dismissed" && question.state === "dismissed") {
    const reason = cards.reasonText(question);
    notify(reason ? format(S.notice_dismissed_reason, { reason }) : S.notice_dismissed);
  }
}
