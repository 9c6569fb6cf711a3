/*
 * own.js: the asker's own question: edit it while it waits for approval, withdraw it
 * while it waits or once published (after a confirmation: its votes go with it).
 */

import { notify } from "./notices.js";
import { S } from "./page.js";
import { render } from "./render.js";
import { editingOwn, live } from "./state.js";

function startEditing(item, id) {
  const question = live.state.questions.get(id);
  if (!question) return;
  editingOwn.add(id);
  render();
  const textarea = item.querySelector(".q-edit-text");
  textarea.value = question.text;
  textarea.focus();
}

async function saveEdit(item, id) {
  const ack = await live.emit("edit", { question_id: id, text: item.querySelector(".q-edit-text").value });
  if (!ack.ok) {
    notify(ack.message || S.error);
    return;
  }
  editingOwn.delete(id);
  live.state.questions.set(id, ack.question);
  render();
}

async function withdraw(id) {
  if (!window.confirm(S.withdraw_confirm)) return;
  const ack = await live.emit("withdraw", { question_id: id });
  if (!ack.ok) notify(ack.message || S.error);
  render();
}

export function wireOwn() {
  const root = document.querySelector(".questions");
  root.addEventListener("click", (event) => {
    const item = event.target.closest(".q");
    if (!item) return;
    const id = Number(item.dataset.id);
    if (event.target.closest(".q-edit")) startEditing(item, id);
    else if (event.target.closest(".q-withdraw")) withdraw(id);
    else if (event.target.closest(".q-edit-cancel")) {
      editingOwn.delete(id);
      render();
    }
  });
  root.addEventListener("submit", (event) => {
    const item = event.target.closest(".q");
    if (!item || !event.target.classList.contains("q-edit-form")) return;
    event.preventDefault();
    saveEdit(item, Number(item.dataset.id));
  });
}
