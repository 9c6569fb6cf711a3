/*
 * detail-forms.js: the moderator's sections of the detail pane: the panelist (with a hint
 * saying whether they understand the question directly or through interpretation), the
 * answer note, and the dismiss form with its optional reason (and a button that bans the
 * asker from the event, dismissing all their open questions). Without the right to
 * moderate, the panelist and the note are shown read-only.
 */

import { format } from "../live.js";
import { el } from "./dom.js";
import { code, languageName } from "./format.js";
import { rights, T } from "./page.js";
import { event, fieldValue, panelistOf, speaks, view } from "./state.js";
import { reasonSelect } from "./toolkit.js";

export function assignSection(q) {
  const panelist = q.panelist && panelistOf(q.panelist.id);
  const hint = panelist
    ? el(
        "p",
        { class: "hint " + (speaks(panelist, q) ? "direct" : "interpreted"), id: "assign-hint" },
        format(speaks(panelist, q) ? T.hint_direct : T.hint_interpretation, {
          name: panelist.name,
          language: languageName(q.language),
        }),
      )
    : null;
  if (!rights.moderate || q.state === "dismissed") {
    return q.panelist ? el("section", { class: "assign" }, el("h3", {}, T.panelist), el("p", {}, q.panelist.name), hint) : null;
  }
  // A choice browsed with the arrow keys but not yet confirmed (actions.js) survives a redraw.
  const draft = view.drafts.get("assign:" + q.id);
  const chosen = draft !== undefined ? draft : q.panelist ? String(q.panelist.id) : "";
  const select = el(
    "select",
    {
      id: "assign-" + q.id,
      dataset: { key: "assign", browsing: draft !== undefined ? "true" : "" },
      "aria-describedby": ["assign-confirm", hint && "assign-hint"].filter(Boolean).join(" "),
    },
    el("option", { value: "", selected: chosen === "" }, T.unassigned),
    event().panelists.map((p) =>
      el(
        "option",
        { value: String(p.id), selected: chosen === String(p.id) },
        format(speaks(p, q) ? T.option_direct : T.option_interpretation, {
          name: p.name,
          languages: (p.languages || []).map(code).join(", "),
        }),
      ),
    ),
  );
  return el(
    "section",
    { class: "assign" },
    el("label", { for: "assign-" + q.id, class: "section-label" }, T.panelist, " ", el("kbd", { "aria-hidden": "true" }, "p")),
    select,
    el("p", { class: "hint assign-confirm", id: "assign-confirm", hidden: draft === undefined }, T.assign_confirm),
    hint,
  );
}

export function noteSection(q) {
  if (!rights.moderate) {
    return q.answer_note ? el("section", { class: "note" }, el("h3", {}, T.note), el("p", { dir: "auto" }, q.answer_note)) : null;
  }
  const key = "note:" + q.id;
  return el(
    "form",
    { class: "note", dataset: { form: "note" } },
    el("label", { for: key, class: "section-label" }, T.note, " ", el("kbd", { "aria-hidden": "true" }, "n")),
    el("textarea", { id: key, rows: "3", maxlength: "2000", dir: "auto", dataset: { key }, placeholder: T.note_placeholder },
      fieldValue(key, q.answer_note)),
    el("span", { class: "form-buttons" }, el("button", { type: "submit", class: "btn" }, T.save_note)),
  );
}

export function dismissForm(q) {
  const key = "reason:" + q.id;
  return el(
    "form",
    { class: "dismiss-form", dataset: { form: "dismiss" } },
    el("label", { for: "reason-code-" + q.id, class: "section-label" }, T.reason_code_label),
    reasonSelect(q),
    el("label", { for: key, class: "section-label" }, T.reason_label),
    el("input", { id: key, type: "text", maxlength: "500", dir: "auto", dataset: { key }, placeholder: T.reason_placeholder,
      value: fieldValue(key, "") }),
    el(
      "span",
      { class: "form-buttons" },
      el("button", { type: "submit", class: "btn btn-danger" }, T.dismiss),
      el("button", { type: "button", class: "btn btn-danger", dataset: { op: "ban" } }, T.ban_asker),
      el("button", { type: "button", class: "btn", dataset: { op: "dismiss-cancel" } }, T.cancel),
    ),
  );
}
