"""Fixtures of the serve-time cache tests (:mod:`served_site`: ``primed``, ``served``)."""

from served_site import primed, served  # noqa: F401 (fixtures)
