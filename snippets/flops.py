"""FLOPS vs FLOPs (FLOPS 与 FLOPs): a count of operations, a rate of operations, and their units.

Run ``python -m snippets.flops`` from the repository root to print the conversions the page shows.
"""

from __future__ import annotations

PREFIXES = {"": 1.0, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}


# --8<-- [start:units]
def parse_unit(unit: str) -> tuple[float, str]:
    """Read a unit such as "GFLOPs", "TFLOPS" or "GFLOP/s".

    Args:
        unit: A decimal prefix (optional), then FLOP, then "s" (plural: a count) or
            "S" or "/s" (per second: a rate).

    Returns:
        ``(scale, kind)`` with ``kind`` either "count" or "rate".
    """
    prefix, rest = unit[: unit.index("FLOP")], unit[unit.index("FLOP") + 4 :]
    if rest in ("S", "/s"):
        return PREFIXES[prefix], "rate"
    if rest in ("s", ""):
        return PREFIXES[prefix], "count"
    raise ValueError(f"not a FLOP unit: {unit!r}")


def seconds(work: float, work_unit: str, speed: float, speed_unit: str) -> float:
    """Time to do ``work`` (a count) at ``speed`` (a rate): count / rate.

    Args:
        work: The amount of work, e.g. 4.1 for "4.1 GFLOPs".
        work_unit: Its unit, a count such as "GFLOPs".
        speed: The hardware rate, e.g. 10 for "10 TFLOPS".
        speed_unit: Its unit, a rate such as "TFLOPS".

    Returns:
        Seconds.
    """
    work_scale, work_kind = parse_unit(work_unit)
    speed_scale, speed_kind = parse_unit(speed_unit)
    if (work_kind, speed_kind) != ("count", "rate"):
        raise ValueError("divide a count (FLOPs) by a rate (FLOPS)")
    return work * work_scale / (speed * speed_scale)


# --8<-- [end:units]


def main() -> None:
    """Print how the units read, and one conversion from a count and a rate to a time."""
    for unit in ("GFLOPs", "GFLOPS", "GFLOP/s", "TFLOPS", "MFLOPs"):
        scale, kind = parse_unit(unit)
        print(f"{unit:>8}: {kind:<5} x {scale:.0e}")
    print(f"'GFLOPs'.lower() == 'GFLOPS'.lower(): {'GFLOPs'.lower() == 'GFLOPS'.lower()}")
    print(f"1 GFLOPS = {parse_unit('GFLOPS')[0] / parse_unit('MFLOPS')[0]:g} MFLOPS")
    t = seconds(4.1, "GFLOPs", 10, "TFLOPS")
    print(f"4.1 GFLOPs at 10 TFLOPS: {t * 1e3:.2f} ms (at full peak)")
    t = seconds(2 * 4.1, "GFLOPs", 10, "TFLOPS")
    print(f"same model if 4.1 was a MAC count: {t * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
