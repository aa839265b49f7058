// The import page's upload (chainmap_web/upload.py): the chosen file is sent as the body of
// POST /import/upload, streamed, with upload progress shown; the stored name then goes to
// the page's "import-uploaded" store, whose callback starts the preview.
(function () {
  "use strict";

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )_csrf_token=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function fileInput() {
    let input = document.getElementById("import-file-input");
    if (!input) {
      input = document.createElement("input");
      input.type = "file";
      input.id = "import-file-input";
      input.accept = ".xlsx,.csv,.json,.txt";
      input.className = "visually-hidden";
      input.setAttribute("aria-hidden", "true");
      input.tabIndex = -1;
      document.body.appendChild(input);
    }
    return input;
  }

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }

  function showStatus(text) {
    setProps("import-upload-status", {children: text});
  }

  function megabytes(n) {
    return (n / 1048576).toFixed(n < 10485760 ? 1 : 0);
  }

  function send(file) {
    const status = document.getElementById("import-upload-status");
    const template = (status && status.dataset.sending) || "{name}: {done} / {total} MB";
    const english = new URLSearchParams(window.location.search).get("lang") === "en";
    const xhr = new XMLHttpRequest();
    let shown = -1;
    xhr.open("POST", "/import/upload?name=" + encodeURIComponent(file.name) +
             (english ? "&lang=en" : ""));
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = function (event) {
      const percent = event.lengthComputable ? Math.floor(100 * event.loaded / event.total) : 0;
      if (percent !== shown) {  // at most a hundred updates, all in the browser
        shown = percent;
        showStatus(template.replace("{name}", file.name)
          .replace("{done}", megabytes(event.loaded))
          .replace("{total}", megabytes(event.total || file.size))
          .replace("{percent}", String(percent)));
      }
    };
    xhr.onload = function () {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      showStatus("");
      setProps("import-uploaded", {data: xhr.status === 200 && body.path
        ? {state: "stored", path: body.path, size: body.size, name: file.name, at: Date.now()}
        : {state: "refused", error: body.error || ("HTTP " + xhr.status), at: Date.now()}});
    };
    xhr.onerror = function () {
      showStatus("");
      setProps("import-uploaded", {data: {state: "refused", error: "network", at: Date.now()}});
    };
    showStatus(template.replace("{name}", file.name).replace("{done}", "0")
      .replace("{total}", megabytes(file.size)).replace("{percent}", "0"));
    xhr.send(file);
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("#import-choose");
    if (button && !button.disabled) {
      const input = fileInput();
      input.value = "";
      input.click();
    }
  });

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (input && input.id === "import-file-input" && input.files && input.files.length) {
      send(input.files[0]);
    }
  });

  // the element exists from the start, so that a test (or an assistive tool) finds it
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fileInput);
  } else {
    fileInput();
  }
})();
