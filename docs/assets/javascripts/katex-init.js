// Render the TeX that pymdownx.arithmatex (generic mode) leaves in .arithmatex elements.
// KaTeX is served from this site (docs/assets/katex), so formulas render offline.
// Material also inserts page fragments later (instant previews of linked terms), so
// new .arithmatex elements are rendered as they appear, each exactly once.
(function () {
  var options = {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  };

  function renderWithin(root) {
    if (!root.querySelectorAll) return;
    var found = root.matches && root.matches(".arithmatex") ? [root] : [];
    root.querySelectorAll(".arithmatex").forEach(function (el) {
      found.push(el);
    });
    found.forEach(function (el) {
      if (el.dataset.katexRendered) return;
      el.dataset.katexRendered = "1";
      renderMathInElement(el, options);
      keepClosingPunctuation(el);
    });
  }

  // Chromium may break a line between inline math and the Chinese punctuation after it,
  // starting the next line with "。". Keep the two together.
  var CLOSING = /^[。，、；：！？）」』”]/;
  function keepClosingPunctuation(el) {
    var next = el.nextSibling;
    if (el.tagName !== "SPAN" || !next || next.nodeType !== 3 || !CLOSING.test(next.data)) return;
    next.splitText(1);
    var group = document.createElement("span");
    group.style.whiteSpace = "nowrap";
    el.parentNode.insertBefore(group, el);
    group.appendChild(el);
    group.appendChild(next);
  }

  renderWithin(document.body);
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(renderWithin);
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
