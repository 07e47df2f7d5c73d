// The preview's behaviour: the phone/PC switch, images that cannot load (offline) shown
// as placeholders of their shape, line cuts made visible, and, on a served page, live
// updates. It reads the page and the server's text only; it builds no HTML from strings.
"use strict";
(function () {
  // Kakao's bounds for an image's shape, width / height (kakao::display, written in by
  // preview::page).
  var WIDEST = {{ image_widest }}, TALLEST = {{ image_tallest }};

  // Registered before the body is parsed, so no image error is missed.
  document.addEventListener("error", function (event) {
    if (event.target && event.target.tagName === "IMG") {
      event.target.classList.add("failed");
    }
  }, true);
  document.addEventListener("load", function (event) {
    var img = event.target;
    if (!img || img.tagName !== "IMG" || !img.naturalWidth) { return; }
    var box = img.parentElement;
    if (box && box.hasAttribute("data-ktpl-natural")) {
      var ratio = Math.min(WIDEST, Math.max(TALLEST, img.naturalWidth / img.naturalHeight));
      box.style.aspectRatio = String(ratio);
    }
  }, true);

  function markLineCuts(root) {
    var clamped = root.querySelectorAll(".clamp-1, .clamp-2");
    for (var i = 0; i < clamped.length; i++) {
      var el = clamped[i];
      el.classList.toggle("is-cut", el.scrollHeight > el.clientHeight + 1);
      if (el.classList.contains("is-cut") && !el.title) { el.title = el.textContent; }
    }
    var labels = root.querySelectorAll(".button-title");
    for (var j = 0; j < labels.length; j++) {
      labels[j].classList.toggle("is-cut", labels[j].scrollWidth > labels[j].clientWidth + 1);
    }
  }

  function setMode(mode) {
    document.body.classList.toggle("mode-phone", mode === "phone");
    document.body.classList.toggle("mode-pc", mode === "pc");
    var buttons = document.querySelectorAll("[data-ktpl-mode]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-ktpl-mode") === mode));
    }
    markLineCuts(document);
  }

  // A served page asks the server for its generation and, when a file changed, swaps in
  // the new entries (parsed by the browser from the server's page, never built here).
  function followServer() {
    var current = document.body.getAttribute("data-ktpl-live");
    var busy = false;
    setInterval(function () {
      if (busy) { return; }
      busy = true;
      fetch("/generation", { cache: "no-store" })
        .then(function (response) { return response.text(); })
        .then(function (generation) {
          generation = generation.trim();
          if (generation === current) { return null; }
          return fetch("/", { cache: "no-store" }).then(function (response) {
            return response.text();
          }).then(function (html) {
            var fresh = new DOMParser().parseFromString(html, "text/html");
            var entries = fresh.getElementById("ktpl-entries");
            if (!entries) { return; }
            document.getElementById("ktpl-entries").replaceWith(document.adoptNode(entries));
            current = fresh.body.getAttribute("data-ktpl-live") || generation;
            document.body.setAttribute("data-ktpl-live", current);
            markLineCuts(document);
          });
        })
        .catch(function () { /* the server stopped; keep the last page */ })
        .then(function () { busy = false; });
    }, 250);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-ktpl-mode]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        setMode(event.currentTarget.getAttribute("data-ktpl-mode"));
      });
    }
    var images = document.querySelectorAll("img");
    for (var k = 0; k < images.length; k++) {
      if (images[k].complete && !images[k].naturalWidth) { images[k].classList.add("failed"); }
    }
    markLineCuts(document);
    if (document.body.hasAttribute("data-ktpl-live") && location.protocol.indexOf("http") === 0) {
      followServer();
    }
  });
})();
