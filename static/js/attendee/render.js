/*
 * render.js: redraws the page from the live state: the lists, the banner, the event.
 */

import { renderBanner } from "./banner.js";
import { renderEvent } from "./form.js";
import { renderLists } from "./lists.js";
import { live } from "./state.js";

export function render() {
  const open = renderLists();
  renderBanner(open.find((q) => q.highlighted));
  renderEvent(live.state.event);
}
