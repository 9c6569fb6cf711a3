/*
 * dom.js: el(), the one way the dashboard builds elements.
 *
 * Children that are not nodes become text nodes, so attendee text stays inert; null,
 * undefined and false children and attributes are left out, which lets callers write
 * `condition && el(...)`.
 */

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
