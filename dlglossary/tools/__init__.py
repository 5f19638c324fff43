"""The contributor command line (python -m dlglossary)."""
