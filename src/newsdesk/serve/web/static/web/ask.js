/* "Ask this story / this article", streamed: with script on, the ask form is posted to
   its stream URL and the model's answer shows as it arrives (marked unchecked), then is
   replaced by the checked, cited answer the server renders. Without script, or when the
   stream cannot start, the form posts as a plain form. */
"use strict";

(function () {
  function provisionalPanel(result) {
    const section = document.createElement("section");
    section.className = "ai-panel ask-answer";
    section.setAttribute("aria-live", "polite");
    section.setAttribute("aria-busy", "true");
    const heading = document.createElement("h2");
    heading.textContent = "Answer ";
    const label = document.createElement("span");
    label.className = "ai-label";
    label.textContent = "AI-generated";
    heading.appendChild(label);
    const text = document.createElement("p");
    text.className = "ask-streaming";
    const note = document.createElement("p");
    note.className = "ai-note";
    note.textContent = "Arriving from the language model; not yet checked against the articles.";
    section.append(heading, text, note);
    result.replaceChildren(section);
    return text;
  }

  /* Parses server-sent events from the text received so far; returns what is left. */
  function readEvents(buffer, onEvent) {
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      let name = "message";
      let data = "";
      buffer.slice(0, end).split("\n").forEach((line) => {
        if (line.startsWith("event:")) {
          name = line.slice(6).trim();
        } else if (line.startsWith("data:")) {
          data += line.slice(5).trim();
        }
      });
      if (data) {
        onEvent(name, JSON.parse(data));
      }
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
    }
    return buffer;
  }

  async function streamAnswer(form, result) {
    const response = await fetch(form.dataset.stream, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "text/event-stream" },
    });
    const kind = response.headers.get("Content-Type") || "";
    if (!response.ok || !response.body || !kind.startsWith("text/event-stream")) {
      return false;
    }
    const text = provisionalPanel(result);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let finished = false;
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      buffer = readEvents(buffer + decoder.decode(chunk.value, { stream: true }), (name, data) => {
        if (name === "token") {
          text.textContent += data;
        } else if (name === "answer") {
          result.innerHTML = data; /* rendered and escaped by the server's template */
          finished = true;
        }
      });
    }
    return finished;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.stream || !window.fetch) {
      return;
    }
    const result = document.querySelector("[data-ask-result]");
    if (!result || !window.ReadableStream || !window.TextDecoder) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button[type='submit']");
    if (button) {
      button.disabled = true;
    }
    streamAnswer(form, result).catch(() => false).then((finished) => {
      if (button) {
        button.disabled = false;
      }
      if (!finished) {
        form.submit(); /* the plain form: the answer, or the reason there is none */
      }
    });
  });
})();
