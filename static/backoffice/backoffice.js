// The only hand-written JavaScript: keep the selected tab in step with what HTMX loaded.
document.addEventListener("htmx:afterSettle", (event) => {
  const panel = document.getElementById("tab-panel");
  if (!panel || event.detail.target !== panel) return;
  const current = panel.querySelector("[data-tab-content]")?.dataset.tabContent;
  document.querySelectorAll(".tabs [role=tab]").forEach((tab) => {
    const selected = tab.dataset.tab === current;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) panel.setAttribute("aria-labelledby", tab.id);
  });
});

// Tabs are one stop for Tab: the arrow keys, Home and End move between them; Enter or Space opens one.
document.addEventListener("keydown", (event) => {
  const tab = event.target.closest?.("[role=tab]");
  if (!tab) return;
  const tabs = [...tab.closest("[role=tablist]").querySelectorAll("[role=tab]")], at = tabs.indexOf(tab);
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (event.key === " ") tab.click();
  else if (to !== undefined) tabs[(to + tabs.length) % tabs.length].focus();
  else return;
  event.preventDefault();
});

// Below ~900 px the main menu folds away behind the Menu button.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".menu-button");
  if (button) button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
});

// VERKOOP > Orders › Bulkacties: choosing an action (or clicking elsewhere) folds the menu away again, so it never
// stays open over the list's other buttons once its dialog is there.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.bulk-menu[open]")) {
    if (!menu.contains(event.target) || event.target.closest("[data-bulk-action]")) menu.removeAttribute("open");
  }
});

// A click anywhere on an order row opens the order, like its link does.
document.addEventListener("click", (event) => {
  const row = event.target.closest("tr.row-link");
  if (!row || event.target.closest("a, button, input, label")) return;
  const link = row.querySelector("a[href]");
  if (link) window.location.assign(link.href);
});

// VERKOOP > Orders: "all on this page" ticks every row; unticking a row unticks it (it sends the page's ids).
document.addEventListener("change", (event) => {
  const box = event.target, rows = box.form?.querySelectorAll("[data-select-row]") ?? [];
  if (box.matches("[data-select-all]")) rows.forEach((row) => { row.checked = box.checked; });
  const all = box.matches("[data-select-row]") && box.form.querySelector("[data-select-all]");
  if (all) all.checked = [...rows].every((row) => row.checked);
});

// A popup ("pop-upvenster") arrives as a <dialog> loaded by HTMX: open it as a modal; closing empties the slot.
document.addEventListener("htmx:afterSwap", (event) => {
  // (a history restore after Back swaps without a target)
  const dialog = event.detail.target?.querySelector("dialog:not([open])");
  if (!dialog) return;
  dialog.addEventListener("close", () => dialog.remove(), { once: true });
  dialog.showModal();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-close-dialog]")) event.target.closest("dialog")?.close();
});

// HTMX may have moved the address bar (a search, a tab): the language switch returns to where you are now.
document.addEventListener("submit", (event) => {
  const next = event.target.closest(".language-switch")?.querySelector("input[name=next]");
  if (next) next.value = window.location.pathname + window.location.search;
});

// A short text with a limit (a memo): the counter under it says how many characters are left as you type.
document.addEventListener("input", (event) => {
  const field = event.target;
  if (!field.matches?.("[data-char-counter]")) return;
  const counter = document.querySelector(`[data-char-counter-for="${field.id}"]`);
  if (!counter) return;
  const left = Number(counter.dataset.max) - field.value.length;
  counter.textContent = `${left} ${counter.dataset.label}`;
  counter.classList.toggle("is-over", left < 0);
});
