/*
 * redraw.js: how a module asks for the dashboard to be redrawn without importing what
 * draws it. render.js installs its drawing functions here when it loads; the modules that
 * change the view (actions, bulk, navigation, toolkit actions) call these. Without this
 * hub they would import render.js, which imports them back through the cards.
 */

let drawNow = () => {};
let drawSoon = () => {};

export function setDrawing(now, soon) {
  drawNow = now;
  drawSoon = soon;
}

// Redraw at once (after a user action, so focus and selection follow immediately).
export function renderAll(onlyVotes = false) {
  drawNow(onlyVotes);
}

// Redraw on the next animation frame: a burst of live changes is one redraw.
export function scheduleRender(kind) {
  drawSoon(kind);
}
