// Render the TeX that pymdownx.arithmatex (generic mode) leaves in .arithmatex elements.
// KaTeX is served from this site (docs/assets/katex), so formulas render offline.
document$.subscribe(() => {
  document.querySelectorAll(".arithmatex").forEach((el) => {
    renderMathInElement(el, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  });
});
