// 惠企政策 rule form: build a clause from the fact, operator and value chosen (with 非 when
// ticked) and join it to the rule text with the connector chosen, 且 or 或. When the text
// already joins clauses with the other connector it is put in brackets first, so that the new
// clause applies to all of it: “A 或 B” + 且 C → “(A 或 B) 且 C”. The text stays the rule;
// the server validates it when saved.
(function () {
  "use strict";
  const builder = document.getElementById("rule-builder");
  const text = document.getElementById("rule-text");
  if (!builder || !text) return;
  const fact = builder.querySelector("[data-fact]");
  const op = builder.querySelector("[data-op]");
  const value = builder.querySelector("[data-value]");
  const join = builder.querySelector("[data-join]");
  const negate = builder.querySelector("[data-not]");
  builder.querySelector("[data-add]").addEventListener("click", function () {
    const option = fact.options[fact.selectedIndex];
    const raw = value.value.trim();
    if (!raw) { value.focus(); return; }
    const numeric = option.dataset.type === "number" && /^-?\d+(\.\d+)?$/.test(raw);
    const bare = numeric || raw === "是" || raw === "否" || raw.startsWith("本");
    const shown = bare ? raw : JSON.stringify(raw);
    const clause = (negate.checked ? "非 " : "") + option.value + " " + op.value + " " + shown;
    const word = join.value;
    const other = word === "且" ? " 或 " : " 且 ";
    let current = text.value.trim();
    if (current && current.includes(other)) current = "(" + current + ")";
    text.value = current ? current + " " + word + " " + clause : clause;
    value.value = "";
    negate.checked = false;
  });
})();
