// 惠企政策 rule form: build a clause from the fact, operator and value chosen and add it to
// the rule text with “且”. The text stays the rule; the server validates it when saved.
(function () {
  "use strict";
  const builder = document.getElementById("rule-builder");
  const text = document.getElementById("rule-text");
  if (!builder || !text) return;
  const fact = builder.querySelector("[data-fact]");
  const op = builder.querySelector("[data-op]");
  const value = builder.querySelector("[data-value]");
  builder.querySelector("[data-add]").addEventListener("click", function () {
    const option = fact.options[fact.selectedIndex];
    const raw = value.value.trim();
    if (!raw) { value.focus(); return; }
    const numeric = option.dataset.type === "number" && /^-?\d+(\.\d+)?$/.test(raw);
    const bare = numeric || raw === "是" || raw === "否" || raw.startsWith("本");
    const shown = bare ? raw : JSON.stringify(raw);
    const clause = option.value + " " + op.value + " " + shown;
    text.value = text.value.trim() ? text.value.trim() + " 且 " + clause : clause;
    value.value = "";
  });
})();
