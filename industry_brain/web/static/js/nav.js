// The navigation's menus (details.nav-group): one open at a time; a click elsewhere or
// Escape closes it, returning the focus to its summary.
(() => {
  const groups = () => document.querySelectorAll("#main-nav details.nav-group");
  document.addEventListener("toggle", (event) => {
    const opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open) return;
    if (!opened.classList.contains("nav-group")) return;
    groups().forEach((other) => { if (other !== opened) other.open = false; });
  }, true);
  document.addEventListener("click", (event) => {
    groups().forEach((group) => { if (group.open && !group.contains(event.target)) group.open = false; });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    groups().forEach((group) => {
      if (group.open) { group.open = false; group.querySelector("summary").focus(); }
    });
  });
})();
