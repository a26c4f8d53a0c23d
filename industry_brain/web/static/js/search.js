// The header search's suggestions (a combobox): htmx fills #search-suggestions as the user
// types; ArrowDown/ArrowUp move through them, Enter opens the one selected (or, with none
// selected, submits the form to the full enterprise list), Escape closes them.
(function () {
  "use strict";
  var box = document.getElementById("search-suggestions");
  var input = box && box.parentNode.querySelector("input[name=q]");
  if (!input) return;
  var active = -1;

  function options() {
    return Array.prototype.slice.call(box.querySelectorAll("[role=option]"));
  }

  function show(open) {
    box.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function select(index) {
    var list = options();
    active = index;
    list.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && list[index]) {
      input.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== box) return;
    select(-1);
    show(options().length > 0 && input.value.trim() !== "");
  });

  input.addEventListener("keydown", function (event) {
    var list = options();
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      show(true);
      select((active + 1) % list.length);
    } else if (event.key === "ArrowUp" && list.length) {
      event.preventDefault();
      show(true);
      select(active <= 0 ? list.length - 1 : active - 1);
    } else if (event.key === "Enter" && !box.hidden && list[active]) {
      event.preventDefault();
      window.location.href = list[active].querySelector("a").href;
    } else if (event.key === "Escape") {
      select(-1);
      show(false);
    }
  });

  input.addEventListener("focus", function () {
    if (options().length && input.value.trim()) show(true);
  });

  document.addEventListener("click", function (event) {
    if (!input.form.contains(event.target)) show(false);
  });
})();
