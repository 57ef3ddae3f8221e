// Accessibility fixes to markup that Gradio renders itself and its Python API does not reach.
// Re-applied whenever the page changes, since Gradio re-renders (and re-sets) these attributes.
(function () {
  const SWEDISH = {"Copy": "Kopiera", "Copied": "Kopierat", "More tabs": "Fler flikar"};

  function fix() {
    // Gradio sets <html lang> to the browser's language; all text here is Swedish (WCAG 3.1.1).
    if (document.documentElement.lang !== "sv") document.documentElement.lang = "sv";
    // The chat log is aria-live, so a streamed answer would be read token by token. The
    // complete answer is announced once, from #announce (see ui/chat.py).
    for (const log of document.querySelectorAll("#chat [role=log]")) {
      if (log.getAttribute("aria-live") !== "off") log.setAttribute("aria-live", "off");
      if (log.getAttribute("aria-label") !== "Samtal") log.setAttribute("aria-label", "Samtal");
    }
    // Gradio names each message "bot's message: <its raw Markdown>", in English and with the
    // HTML of the markers spelled out; without the name, the message itself is read.
    for (const m of document.querySelectorAll("#chat [data-testid=bot][aria-label], " +
                                              "#chat [data-testid=user][aria-label]")) {
      m.removeAttribute("aria-label");
    }
    // A few of Gradio's button names are English whatever the locale.
    for (const b of document.querySelectorAll("button[aria-label]")) {
      const swedish = SWEDISH[b.getAttribute("aria-label")];
      if (swedish) b.setAttribute("aria-label", swedish);
    }
    // The chat's sanitizer drops aria-label from our HTML but keeps title: an [n] marker's
    // title ("källa 1: <titel>, sidan 8", see ui/render.py) becomes its accessible name.
    for (const a of document.querySelectorAll("#chat a.cite[title]")) {
      if (a.getAttribute("aria-label") !== a.title) a.setAttribute("aria-label", a.title);
    }
  }
  new MutationObserver(fix).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["lang", "aria-live", "aria-label"],
  });
  fix();
})();
