// The only hand-written JavaScript: keep the selected tab in step with what HTMX loaded.
document.addEventListener("htmx:afterSettle", (event) => {
  const panel = document.getElementById("tab-panel");
  if (!panel || event.detail.target !== panel) return;
  const current = panel.querySelector("[data-tab-content]")?.dataset.tabContent;
  document.querySelectorAll(".tabs [role=tab]").forEach((tab) => {
    tab.toggleAttribute("aria-selected", tab.dataset.tab === current);
  });
});

// A click anywhere on an order row opens the order, like its link does.
document.addEventListener("click", (event) => {
  const row = event.target.closest("tr.row-link");
  if (!row || event.target.closest("a, button, input, label")) return;
  const link = row.querySelector("a[href]");
  if (link) window.location.assign(link.href);
});
