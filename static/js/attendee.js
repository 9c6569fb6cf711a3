/*
 * attendee.js: the attendee page (ask, vote, read in one's own language, follow one's own
 * questions); this entry only wires the modules in attendee/.
 *
 * All prose comes from the server (page-data.strings); user text only ever goes into
 * textContent, so it stays inert.
 *
 *   attendee/page.js      the page's data, strings, fixed elements and question cards
 *   attendee/state.js     the live connection, this attendee's questions and votes, the ui
 *   attendee/notices.js   short messages; what became of one's own questions
 *   attendee/lists.js     the open, answered and own lists: order, pause, counts
 *   attendee/banner.js    "Now answering"
 *   attendee/form.js      the ask form's counter, availability and language question
 *   attendee/render.js    redraws the lists, the banner and the event
 *   attendee/ask.js       sending a question (held while offline, sent once when back)
 *   attendee/connection.js  the connection state: the form's note, offline notices
 *   attendee/controls.js  voting, originals, sorting, pausing
 *   attendee/tabs.js      the open and answered tabs
 *   attendee/own.js       editing (while pending) and withdrawing one's own question
 */

import { wireAsk } from "./attendee/ask.js";
import { connectionChanged } from "./attendee/connection.js";
import { wireControls } from "./attendee/controls.js";
import { wireOwn } from "./attendee/own.js";
import { updateCounter } from "./attendee/form.js";
import { refreshTimes } from "./attendee/lists.js";
import { noticeOwnChange, notify } from "./attendee/notices.js";
import { S } from "./attendee/page.js";
import { scheduleRender } from "./attendee/render.js";
import { connect, mine, voted } from "./attendee/state.js";
import { wireTabs } from "./attendee/tabs.js";

const live = connect({
  onSnapshot(state) {
    voted.clear();
    for (const id of state.me.voted || []) voted.add(id);
    for (const id of state.me.asked || []) mine.add(id);
    for (const question of state.questions.values()) noticeOwnChange(question);
  },
  onQuestion(question) {
    // A vote for a question merged into this one now counts for this one.
    if ((question.merged || []).some((m) => voted.has(m.id))) voted.add(question.id);
    noticeOwnChange(question);
  },
  onChange() {
    scheduleRender();
  },
  onStatus(status) {
    connectionChanged(status);
  },
  onSyncError(ack) {
    notify(ack.message || S.error, "error");
  },
});
window.qaLive = live; // for the browser tests and for debugging

wireAsk();
wireControls();
wireOwn();
wireTabs();
window.setInterval(refreshTimes, 30000);

updateCounter();
