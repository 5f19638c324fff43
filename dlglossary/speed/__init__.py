"""Caches and run-time patches (declared in :mod:`dlglossary.speed.patches`), all switched
off by ``DLGLOSSARY_NO_SPEED=1``."""
