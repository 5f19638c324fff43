"""What a contributor tool reports: one finding per line, ``path:line: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One finding at ``path:line``, printed as ``path:line: message`` (editors jump to it)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def report(findings: list[Finding], failure: str, success: str) -> int:
    """Print every finding, then ``failure`` (if any) or ``success``: the command's exit code."""
    for finding in findings:
        print(finding)
    print(failure if findings else success)
    return 1 if findings else 0
