"""Pure logic: never imports mkdocs."""
