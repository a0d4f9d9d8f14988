// Keyboard shortcuts of the backoffice; the overlay behind `?` lists them (templates/backoffice/_shortcuts.html).
// Never while typing in a field, with Ctrl, Alt or Cmd held, or while a popup is open. The rows are found afresh on
// every key, so the keys keep working after HTMX swapped the list.
(() => {
  const ROWS = ".order-table tbody tr.row-link", CURRENT = "is-keyboard-current";
  let gPressedAt = 0;

  const isTyping = (target) =>
    target.isContentEditable || Boolean(target.closest?.("input, textarea, select, [contenteditable]"));
  const currentRow = () => document.querySelector(`${ROWS}.${CURRENT}`);

  // j / k: the next or previous order row becomes the current one: highlighted, aria-current, its link focused.
  function moveRow(step) {
    const rows = [...document.querySelectorAll(ROWS)];
    if (!rows.length) return;
    const at = rows.indexOf(currentRow());
    const to = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(Math.max(at + step, 0), rows.length - 1);
    rows.forEach((row) => { row.classList.remove(CURRENT); row.removeAttribute("aria-current"); });
    rows[to].classList.add(CURRENT);
    rows[to].setAttribute("aria-current", "true");
    rows[to].querySelector("a[href]")?.focus();
    rows[to].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (document.querySelector("dialog[open]")) return;  // (Esc closes a popup: the browser's)
    if (isTyping(event.target)) {
      if (event.key === "Escape" && event.target.matches("input, textarea")) {  // Esc leaves the field as it is
        event.preventDefault();
        event.target.blur();
      }
      return;
    }
    const overlay = document.getElementById("shortcuts-dialog");
    if (event.key === "o" && Date.now() - gPressedAt < 1500 && overlay) {  // g o: VERKOOP > Orders
      gPressedAt = 0;
      event.preventDefault();
      window.location.assign(overlay.dataset.ordersUrl);
      return;
    }
    gPressedAt = event.key === "g" ? Date.now() : 0;
    const search = document.querySelector("main input[type=search]");
    if (event.key === "/" && search) {
      event.preventDefault();
      search.focus();
      search.select();
    } else if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      moveRow(event.key === "j" ? 1 : -1);
    } else if (event.key === "x" && currentRow()) {
      event.preventDefault();
      currentRow().querySelector("[data-select-row]")?.click();  // a real click: "all on this page" follows
    } else if (event.key === "Enter" && currentRow() && !event.target.closest("a, button")) {
      const link = currentRow().querySelector("a[href]");  // (on the focused link itself Enter is the browser's)
      if (link) window.location.assign(link.href);
    } else if (event.key === "?" && overlay) {
      event.preventDefault();
      overlay.showModal();
    }
  });
})();
