"""Without any Chromium the browser tests are skipped with one line naming the install command."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

_spec = importlib.util.spec_from_file_location(
    "e2e_conftest", Path(__file__).with_name("conftest.py")
)
e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(e2e)


class _NoBrowser:
    """Stands in for ``sync_playwright()``: its Chromium download is missing."""

    class chromium:  # noqa: N801 - mirrors Playwright's attribute
        @staticmethod
        def launch(**kwargs):
            raise PlaywrightError(
                "BrowserType.launch: Executable doesn't exist at /x/chrome\n"
                "╔════════════════════╗\n║ Please run playwright install ║\n╚════════════════════╝"
            )


def test_skip_reason_is_one_line_naming_apt(monkeypatch) -> None:
    """No /usr/bin/chromium, no Playwright build, none on PATH: one line with the apt command."""
    monkeypatch.setattr(e2e, "SYSTEM_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(e2e.shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception) as info:
        e2e._launch(_NoBrowser)
    reason = str(info.value)
    assert "\n" not in reason and "╔" not in reason
    assert "apt-get install chromium fonts-noto-cjk" in reason
