/*
 * bulk.js: select several questions on their cards, then approve, dismiss (with one
 * listed reason), assign or set the topic of all of them in one "bulk" event: the server
 * applies it to all of them or to none, and says which question it refused.
 */

import { format } from "../live.js";
import { el } from "./dom.js";
import { firstWords, numbers } from "./format.js";
import { notify } from "./notices.js";
import { rights, T } from "./page.js";
import { renderAll, scheduleRender } from "./redraw.js";
import { event, live, view } from "./state.js";
import { reasonSelect } from "./toolkit.js";

const bar = () => document.getElementById("bulk-bar");

export function bulkBox(q) {
  if (!rights.moderate) return null;
  return el("input", {
    type: "checkbox",
    class: "bulk-box",
    "aria-label": format(T.action_on, { action: T.select_for_bulk, question: firstWords(q.text) }),
    checked: view.bulk.has(q.id),
    dataset: { bulk: q.id },
  });
}

function choice(name, label, options) {
  return el(
    "select",
    { name, "aria-label": label },
    el("option", { value: "" }, label),
    options.map(([value, text]) => el("option", { value: String(value) }, text)),
  );
}

let shown = null;

export function renderBulk() {
  const root = bar();
  if (!root || !rights.moderate) return;
  for (const id of view.bulk) {
    if (!live.state.questions.has(id)) view.bulk.delete(id);
  }
  const signature = [...view.bulk].join(",");
  if (signature === shown) return;
  shown = signature;
  root.hidden = view.bulk.size === 0;
  if (root.hidden) return;
  const dummy = { id: "bulk" };
  root.replaceChildren(
    el("span", { class: "bulk-count" }, format(T.bulk_selected, { n: numbers.format(view.bulk.size) })),
    el("button", { type: "button", class: "btn btn-small act-approve", dataset: { bulkAction: "approve" } }, T.bulk_approve),
    reasonSelect(dummy),
    el("button", { type: "button", class: "btn btn-small btn-danger", dataset: { bulkAction: "dismiss" } }, T.bulk_dismiss),
    choice("panelist", T.bulk_assign, event().panelists.map((p) => [p.id, p.name])),
    choice("topic", T.bulk_topic, event().topics.map((t) => [t.id, t.title])),
    el("button", { type: "button", class: "btn btn-small", dataset: { bulkAction: "clear" } }, T.bulk_clear),
  );
}

async function send(action, fields) {
  const ids = [...view.bulk];
  const ack = await live.emit("bulk", { question_ids: ids, action, ...fields });
  if (!ack.ok) {
    const message = ack.question_id ? format(T.bulk_refused, { id: ack.question_id, message: ack.message }) : ack.message;
    notify(message || T.error);
    return;
  }
  const fromBar = bar().contains(document.activeElement);
  view.bulk.clear();
  notify(format(T.bulk_done, { n: numbers.format(ids.length) }), "info");
  renderAll();
  // The bar is gone with the selection: the focus goes back to the list.
  if (fromBar) (document.querySelector("#cards .qcard.selected") || document.getElementById("list-pane")).focus();
}

export function wireBulk() {
  const root = bar();
  if (!root) return;
  document.getElementById("cards").addEventListener("change", (e) => {
    const box = e.target.closest("[data-bulk]");
    if (!box) return;
    const id = Number(box.dataset.bulk);
    if (box.checked) view.bulk.add(id);
    else view.bulk.delete(id);
    scheduleRender();
  });
  root.addEventListener("click", (e) => {
    const button = e.target.closest("[data-bulk-action]");
    if (!button) return;
    const action = button.dataset.bulkAction;
    if (action === "clear") {
      view.bulk.clear();
      scheduleRender();
    } else if (action === "approve") send("approve", {});
    else if (action === "dismiss") send("dismiss", { reason_code: root.querySelector("[name=reason_code]").value || null });
  });
  root.addEventListener("change", (e) => {
    const value = e.target.value;
    if (!value) return;
    if (e.target.name === "panelist") send("assign", { panelist_id: Number(value) });
    if (e.target.name === "topic") send("edit", { topic_id: Number(value) });
  });
}
