"""Caches and run-time patches, all switched off by DLGLOSSARY_NO_RENDER_CACHE=1."""
