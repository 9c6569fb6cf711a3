/*
 * controls.js: what the attendee does to the lists: vote, show a question's original,
 * sort, pause the reordering.
 */

import { currentOpenIds } from "./lists.js";
import { notify } from "./notices.js";
import { S, view } from "./page.js";
import { render } from "./render.js";
import { live, showOriginal, ui, voted, voting } from "./state.js";

async function toggleVote(id) {
  const question = live.state.questions.get(id);
  if (voting.has(id) || !question || question.state !== "published") return;
  const on = !voted.has(id);
  voting.add(id);
  render();
  const ack = await live.emit("vote", { question_id: id, on });
  voting.delete(id);
  if (ack.ok) {
    if (on) voted.add(id);
    else voted.delete(id);
    const current = live.state.questions.get(id);
    if (current) current.votes = ack.votes;
  } else {
    notify(ack.message || S.error, ack.error === "offline" ? "offline" : "error");
  }
  render();
}

export function wireControls() {
  document.querySelector(".questions").addEventListener("click", (event) => {
    const item = event.target.closest(".q");
    if (!item) return;
    const id = Number(item.dataset.id);
    if (event.target.closest(".vote-button")) {
      toggleVote(id);
    } else if (event.target.closest(".q-original-toggle")) {
      if (showOriginal.has(id)) showOriginal.delete(id);
      else showOriginal.add(id);
      render();
    }
  });

  for (const button of document.querySelectorAll("[data-sort]")) {
    button.addEventListener("click", () => {
      ui.sort = button.dataset.sort;
      for (const other of document.querySelectorAll("[data-sort]")) {
        other.setAttribute("aria-pressed", String(other === button));
      }
      if (ui.paused) ui.frozenOrder = currentOpenIds(true);
      render();
    });
  }

  view.pause.addEventListener("click", () => {
    ui.paused = !ui.paused;
    ui.frozenOrder = ui.paused ? currentOpenIds(false) : [];
    view.pause.setAttribute("aria-pressed", String(ui.paused));
    view.pause.textContent = ui.paused ? S.resume : S.pause;
    render();
  });
}
