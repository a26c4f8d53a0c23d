// 招商线索: on the lead page, the visit form shows date/place/people only for a visit, and a
// file over the size limit is refused before it is sent (the server refuses it too).
(function () {
  "use strict";

  function visitForm(form) {
    var kind = form.querySelector("select[name=kind]");
    var only = form.querySelectorAll("[data-visit-only]");
    function sync() {
      var visit = kind.value === "visit";
      only.forEach(function (label) {
        label.hidden = !visit;
        label.querySelectorAll("input").forEach(function (input) { input.disabled = !visit; });
      });
    }
    kind.addEventListener("change", sync);
    sync();
  }

  function attachForm(form) {
    var limit = Number(form.getAttribute("data-max-bytes"));
    var message = form.querySelector("[data-attach-error]");
    var input = form.querySelector("input[type=file]");
    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      var problem = "";
      if (file && file.size === 0) {
        problem = "附件“" + file.name + "”是空文件";
      } else if (file && file.size > limit) {
        problem = "附件“" + file.name + "”超过上限 " + form.getAttribute("data-max-label") + "，请压缩或拆分后再上传";
      }
      message.hidden = !problem;
      message.textContent = problem;
      if (problem) { event.preventDefault(); }
    });
  }

  document.querySelectorAll("[data-visit-form]").forEach(visitForm);
  document.querySelectorAll("#attach-form").forEach(attachForm);
})();
