"""Tools behind the glossary site: term registry, mention linker, indexes and checks."""
