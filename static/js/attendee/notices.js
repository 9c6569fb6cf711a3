/*
 * notices.js: short messages to the attendee, above all what became of their own
 * questions (approved, highlighted, answered, dismissed with its reason).
 */

import { format } from "../live.js";
import { $, S, view } from "./page.js";
import { mine } from "./state.js";

const NOTICE_LIMIT = 4;
const NOTICE_SECONDS = 15;
const ownKnown = new Map(); // id -> {state, highlighted}: to tell the asker what changed

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
  if (!ownKnown.has(question.id)) ownKnown.set(question.id, { state: question.state, highlighted: question.highlighted });
}

export function noticeOwnChange(question) {
  if (!mine.has(question.id)) return;
  const before = ownKnown.get(question.id);
  ownKnown.set(question.id, { state: question.state, highlighted: question.highlighted });
  if (!before) return;
  if (before.state === "pending" && question.state === "published") notify(S.notice_approved);
  if (!before.highlighted && question.highlighted) notify(S.notice_highlighted);
  if (before.state !== "answered" && question.state === "answered") notify(S.notice_answered);
  if (before.state !== "dismissed" && question.state === "dismissed") {
    notify(
      question.dismiss_reason
        ? format(S.notice_dismissed_reason, { reason: question.dismiss_reason })
        : S.notice_dismissed,
    );
  }
}
