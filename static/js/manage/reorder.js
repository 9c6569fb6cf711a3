// Drag to reorder topics: an enhancement over the up and down buttons, which keep working
// without JavaScript (and for keyboards). A drop posts the whole new order, like a form.

const list = document.getElementById("topic-list");

function csrfToken() {
  const input = list.querySelector("input[name=csrf_token]");
  return input ? input.value : "";
}

async function saveOrder() {
  const ids = [...list.querySelectorAll(".topic-row")].map((row) => row.dataset.topicId);
  const body = new FormData();
  body.set("csrf_token", csrfToken());
  body.set("order", ids.join(","));
  await fetch(list.dataset.orderUrl, { method: "POST", body, credentials: "same-origin" });
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
    const rows = [...list.children];
    const before = rows.indexOf(dragged) > rows.indexOf(target) ? target : target.nextSibling;
    list.insertBefore(dragged, before);
    saveOrder();
  });
}
