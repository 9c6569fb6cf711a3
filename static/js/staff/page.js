/*
 * page.js: what the server embedded in the dashboard page, read once.
 *
 * page holds the event, the tabs this user may see, the language names and the strings
 * (T, all prose, from the server's catalogs); rights are what the user may do (moderate,
 * configure, translate, export), checked again by the server on every event. ui holds
 * the page's fixed elements.
 */

import { readJSON } from "../live.js";

export const page = readJSON("staff-page");
export const T = page.strings;
export const rights = page.rights;

export const ui = {
  cards: document.getElementById("cards"),
  empty: document.getElementById("empty"),
  detail: document.getElementById("detail"),
  listPane: document.getElementById("list-pane"),
  tabs: document.getElementById("tabs"),
  lanes: document.getElementById("lane-list"),
  laneAll: document.getElementById("lane-all"),
  notices: document.getElementById("notices"),
  announcer: document.getElementById("announcer"),
  status: document.getElementById("status"),
  help: document.getElementById("help"),
  helpButton: document.getElementById("help-button"),
  premoderation: document.getElementById("switch-premoderation"),
  accepting: document.getElementById("switch-accepting"),
  deskAll: document.getElementById("desk-all"),
  deskAllBox: document.getElementById("desk-all-box"),
};
