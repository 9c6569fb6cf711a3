/*
 * state.js: the live connection and what this attendee has done and chosen.
 *
 * live is set once by connect() before anything renders; its state holds the event and
 * the questions. ui holds the list's order and pause and the form's progress; the sets
 * remember this attendee's own questions and votes.
 */

import { connectLive } from "../live.js";
import { page, S, view } from "./page.js";

export const ui = {
  sort: "votes", // or "newest"
  paused: false,
  frozenOrder: [], // ids of the open list when reordering was paused
  tab: "open",
  sending: false,
  conflictPayload: null,
  connection: "connecting", // or "live", "offline": drives the pill, the form and the notices
  queued: null, // a question asked while offline, sent once the page has re-synced
};
export const mine = new Set(); // ids of questions this attendee asked
export const voted = new Set();
export const voting = new Set(); // votes waiting for their ack
export const showOriginal = new Set();
export const editingOwn = new Set(); // own pending questions being edited

export let live = null;

export function connect(handlers) {
  live = connectLive({
    namespace: "/attendee",
    event: page.event.code,
    strings: S,
    statusElement: view.status,
    ...handlers,
  });
  return live;
}

// The event as last heard from the server, else as the page was rendered.
export const currentEvent = () => (live && live.state.event) || page.event;
