// Upload with a progress bar: the form still works without this script (plain POST).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  const bar = document.getElementById("upload-progress");
  if (!form || !bar) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) { bar.hidden = false; bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    request.addEventListener("load", () => {
      if (request.status < 400) { window.location.assign(request.responseURL); return; }
      document.open(); document.write(request.responseText); document.close();
    });
    request.send(new FormData(form));
  });
});
