/* newsdesk's progressive enhancement: the service worker (offline reading of saved
   articles), the "Install the app" button, and no broken boxes for publishers' images
   that fail to load. Every page works without it. */
"use strict";

(function () {
  function send(message) {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) {
      return;
    }
    navigator.serviceWorker.controller.postMessage(message);
  }

  function keepSavedPages() {
    const body = document.body;
    const urls = [];
    if (body.dataset.savedArticle) {
      urls.push(body.dataset.savedArticle);
    }
    const list = document.querySelector("[data-offline-list]");
    if (list) {
      urls.push(location.pathname);
      list.querySelectorAll(".card-title a").forEach((link) => urls.push(link.pathname));
    }
    if (urls.length) {
      send({ type: "keep", urls: urls });
    } else if (document.querySelector("form[action$='/save'] button[aria-pressed='false']")) {
      send({ type: "forget", urls: [location.pathname] });
    }
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(() => {
      if (navigator.serviceWorker.controller) {
        keepSavedPages();
      } else {
        navigator.serviceWorker.addEventListener("controllerchange", keepSavedPages, { once: true });
      }
    }).catch(() => undefined);
  }

  let deferredPrompt = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    deferredPrompt = event;
    const box = document.querySelector(".install");
    if (box) {
      box.hidden = false;
    }
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest ? event.target.closest("#install-app") : null;
    if (!button || !deferredPrompt) {
      return;
    }
    deferredPrompt.prompt();
    deferredPrompt.userChoice.finally(() => {
      deferredPrompt = null;
      button.closest(".install").hidden = true;
    });
  });
  window.addEventListener("appinstalled", () => {
    const box = document.querySelector(".install");
    if (box) {
      box.hidden = true;
    }
  });

  // A publisher's image that does not load (moved, hotlink-protected, offline) leaves no
  // empty or broken box: its card lays out as one without an image, a lead figure goes.
  const PUBLISHER_IMAGES = "img.thumb, figure.lead img, img.favicon";
  function dropImage(img) {
    if (!img.matches(PUBLISHER_IMAGES)) {
      return;
    }
    const card = img.closest(".card");
    if (card) {
      card.classList.remove("has-image");
    }
    const figure = img.closest("figure.lead");
    (figure || img).remove();
  }
  document.addEventListener("error", (event) => {
    if (event.target instanceof HTMLImageElement) {
      dropImage(event.target);
    }
  }, true);
  // Those that failed before this deferred script ran.
  document.querySelectorAll(PUBLISHER_IMAGES).forEach((img) => {
    if (img.complete && img.naturalWidth === 0) {
      dropImage(img);
    }
  });
})();
