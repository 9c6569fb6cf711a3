/*
 * staff.js: the live staff dashboard (/e/<code>/moderate); this entry only wires the
 * modules in staff/.
 *
 * What a staff member sees and may do follows the rights the server embedded in the page
 * (moderate, configure, translate, export); the server checks them again on every event.
 * All prose comes from the server's catalogs (page.strings); attendee text is only ever
 * set through textContent, so it stays inert.
 *
 *   staff/page.js          the page's data, strings, rights and fixed elements
 *   staff/format.js        numbers, shares, times, language names
 *   staff/dom.js           el(), which builds every element
 *   staff/state.js         the live connection, the view, the lists' filters and order
 *   staff/cards.js         tabs with counts, the question cards
 *   staff/lanes.js         language lanes with their shares and "next from"
 *   staff/detail.js        the selected question in full
 *   staff/desk.js          its translations (the translation desk)
 *   staff/detail-forms.js  its panelist, answer note and dismiss form
 *   staff/render.js        redraws everything, now or on the next frame (in place: keyed.js)
 *   staff/notices.js       short messages above the lists
 *   staff/navigation.js    selecting, tabs, language filters, next from
 *   staff/actions.js       moderating, notes, translating; announces what was done
 *   staff/assign.js        the panelist select, which assigns on an explicit choice only
 *   staff/switches.js      premoderation and accepting
 *   staff/shortcuts.js     the keyboard and its help overlay
 *   staff/toolkit.js       the moderator's toolkit in the detail pane (edit, written
 *                          answer, merge, up next, interpreters' flags)
 *   staff/toolkit-actions.js  what its forms and buttons do; similar questions
 *   staff/upnext.js        the up next list (drag and keyboard), put the first on screen
 *   staff/bulk.js          selecting questions for one bulk action
 */

import { wireActions } from "./staff/actions.js";
import { wireBulk } from "./staff/bulk.js";
import { pulse, redrawCards } from "./staff/cards.js";
import { patchVotes } from "./staff/detail.js";
import { wireNavigation } from "./staff/navigation.js";
import { notify } from "./staff/notices.js";
import { T } from "./staff/page.js";
import { renderAll, scheduleRender } from "./staff/render.js";
import { wireShortcuts } from "./staff/shortcuts.js";
import { connect, view } from "./staff/state.js";
import { syncSwitches, wireSwitches } from "./staff/switches.js";
import { wireToolkit } from "./staff/toolkit-actions.js";
import { wireUpNext } from "./staff/upnext.js";

const live = connect({
  onEvent: (event) => {
    redrawCards(); // panelists or languages may have changed
    syncSwitches(event);
  },
  onSnapshot: (state) => {
    redrawCards();
    syncSwitches(state.event);
  },
  onQuestion: (question, previous) => {
    if (!previous && question.state === "pending" && view.tab !== "incoming") pulse("incoming");
  },
  onChange: (state, kind) => {
    if (kind === "votes") patchVotes();
    scheduleRender(kind);
  },
  onSyncError: (ack) => notify(ack.message || T.error, "error"),
});
window.qaStaff = { live, view }; // for the browser tests and for debugging

wireNavigation();
wireActions();
wireSwitches();
wireShortcuts();
wireToolkit();
wireUpNext();
wireBulk();

renderAll();
