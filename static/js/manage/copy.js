// "Copy the link" buttons: shown only when the clipboard can be written; without
// JavaScript the link stays selectable in its read-only field.

for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    source.select();
    await navigator.clipboard.writeText(source.value);
    button.setAttribute("aria-pressed", "true");
  });
}
