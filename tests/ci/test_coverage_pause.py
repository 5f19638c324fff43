"""Coverage of snippets/ is traced in the snippet tests only: every other test runs untraced,
its fixtures included, on a pytest-xdist worker as in a single process (tests/conftest.py)."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture
def tracer_during_setup():
    """The trace function installed while this test's fixtures are made."""
    return sys.gettrace()


def test_no_tracer_in_a_test_that_runs_no_snippet_code(request, tracer_during_setup) -> None:
    """No trace function is installed, neither during setup nor during the test (tracing MkDocs
    and the other libraries roughly doubles the time of the tests that build sites)."""
    if request.config.getoption("no_cov", default=True):
        pytest.skip("pytest-cov is off: nothing to pause")
    assert request.node.get_closest_marker("no_cover"), "conftest no longer marks this test"
    assert tracer_during_setup is None, f"traced during setup by {tracer_during_setup!r}"
    assert sys.gettrace() is None, f"traced by {sys.gettrace()!r}"
