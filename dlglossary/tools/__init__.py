"""The contributor tools behind one command line, ``dlglossary`` (:mod:`dlglossary.tools.cli`)."""
