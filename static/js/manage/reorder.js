// Drag to reorder topics: an enhancement over the up and down buttons, which keep working
// without JavaScript (and for keyboards). A drop posts the same form as the buttons.

const list = document.getElementById("topic-list");

function moveUrl(topicId) {
  return list.dataset.moveUrl.replace(/\/0\/move$/, "/" + topicId + "/move");
}

function csrfToken() {
  const input = list.querySelector("input[name=csrf_token]");
  return input ? input.value : "";
}

async function move(row, position) {
  const body = new FormData();
  body.set("csrf_token", csrfToken());
  body.set("position", String(position));
  await fetch(moveUrl(row.dataset.topicId), { method: "POST", body, credentials: "same-origin" });
  window.location.reload();
}

function rowAt(target) {
  return target instanceof Element ? target.closest(".topic-row") : null;
}

if (list) {
  let dragged = null;
  for (const row of list.querySelectorAll(".topic-row")) {
    row.draggable = true;
  }
  list.addEventListener("dragstart", (event) => {
    dragged = rowAt(event.target);
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.topicId);
  });
  list.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
  });
  list.addEventListener("dragover", (event) => {
    if (dragged && rowAt(event.target)) event.preventDefault();
  });
  list.addEventListener("drop", (event) => {
    const target = rowAt(event.target);
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    move(dragged, Number(target.dataset.position));
  });
}
