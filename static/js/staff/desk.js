/*
 * desk.js: the translation desk's part of the detail pane, one box per other language.
 *
 * A box shows the translation and who verified it, or that there is none; a translator
 * gets an editor (open at once for a missing translation when they do not moderate).
 * Saving and the editor's buttons are handled in actions.js.
 */

import { format } from "../live.js";
import { el } from "./dom.js";
import { code, languageName } from "./format.js";
import { rights, T } from "./page.js";
import { fieldValue, view } from "./state.js";

export function versionBox(q, lang) {
  const translation = (q.translations || {})[lang];
  const key = "tr:" + q.id + ":" + lang;
  const editing = rights.translate && (view.editing.has(q.id + ":" + lang) || (!translation && !rights.moderate));
  const box = el(
    "div",
    { class: "version" + (translation ? "" : " missing"), dataset: { lang } },
    el("h3", {}, el("span", { class: "lang-code", "aria-hidden": "true" }, code(lang)), " ", languageName(lang)),
  );
  if (translation && !editing) {
    box.append(el("p", { class: "version-text", lang, dir: "auto" }, translation.text));
    box.append(
      el(
        "p",
        { class: translation.verified ? "verified" : "unverified" },
        translation.verified ? format(T.verified_by, { name: translation.by }) : T.unverified,
      ),
    );
  } else if (!editing) {
    box.append(el("p", { class: "version-missing" }, T.not_translated));
  }
  if (editing) {
    box.append(
      el(
        "form",
        { class: "translate-form", dataset: { form: "translate", lang } },
        el("label", { class: "visually-hidden", for: key }, format(T.translation_into, { language: languageName(lang) })),
        el(
          "textarea",
          { id: key, rows: "3", maxlength: "2000", lang, dir: "auto", dataset: { key },
            placeholder: format(T.translation_into, { language: languageName(lang) }) },
          fieldValue(key, translation ? translation.text : ""),
        ),
        el(
          "span",
          { class: "form-buttons" },
          el("button", { type: "submit", class: "btn btn-primary" }, T.save_translation),
          (translation || rights.moderate) &&
            el("button", { type: "button", class: "btn", dataset: { op: "translate-cancel", lang } }, T.cancel),
        ),
      ),
    );
  } else if (rights.translate) {
    box.append(
      el("button", { type: "button", class: "btn btn-small", dataset: { op: "translate-edit", lang } },
        translation ? T.correct : T.translate),
    );
  }
  return box;
}
