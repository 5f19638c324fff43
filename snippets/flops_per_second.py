"""FLOPS (每秒浮点运算次数): peak throughput, the roofline bound and run-time estimates.

Run ``python -m snippets.flops_per_second`` from the repository root. It prints estimates only,
from counts and stated hardware numbers; ``measure_matmul`` times your own machine on request.
"""

from __future__ import annotations

import time

import torch

PREFIXES = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}


# --8<-- [start:peak]
def convert(value: float, from_prefix: str, to_prefix: str) -> float:
    """Convert a FLOPS figure between decimal prefixes, e.g. GFLOPS to MFLOPS.

    Args:
        value: The number, in units of ``from_prefix``FLOPS.
        from_prefix: One of K, M, G, T, P.
        to_prefix: One of K, M, G, T, P.

    Returns:
        The same rate in units of ``to_prefix``FLOPS.
    """
    return value * PREFIXES[from_prefix] / PREFIXES[to_prefix]


def peak_flops(cores: int, clock_hz: float, flops_per_cycle: int) -> float:
    """Theoretical peak: cores x clock x floating-point operations per cycle per core.

    Args:
        cores: Number of cores (or streaming multiprocessors).
        clock_hz: Clock frequency in Hz.
        flops_per_cycle: FLOPs one core can finish per cycle (a fused multiply-add counts 2).

    Returns:
        Peak FLOPS.
    """
    return cores * clock_hz * flops_per_cycle


def estimate_seconds(flops: float, peak: float, utilization: float) -> float:
    """Run time estimated as FLOPs / (peak FLOPS x fraction of peak achieved)."""
    return flops / (peak * utilization)


# --8<-- [end:peak]


# --8<-- [start:roofline]
def intensity_add(n: int, bytes_per_value: int = 4) -> float:
    """Arithmetic intensity of c = a + b on n values: n FLOPs over 3n values moved."""
    return n / (3 * n * bytes_per_value)


def intensity_matmul(n: int, bytes_per_value: int = 4) -> float:
    """Arithmetic intensity of an n x n matrix product: 2n^3 FLOPs over 3n^2 values moved."""
    return 2 * n**3 / (3 * n**2 * bytes_per_value)


def attainable_flops(intensity: float, peak: float, bandwidth: float) -> float:
    """Roofline model: min(peak FLOPS, intensity x memory bandwidth in bytes/s)."""
    return min(peak, intensity * bandwidth)


# --8<-- [end:roofline]


# --8<-- [start:measure]
def measure_matmul(n: int = 512, repeats: int = 5) -> tuple[int, float]:
    """Time ``repeats`` float32 n x n matrix products on this machine.

    Not used by ``main()``: timings differ from run to run, so they never appear in the
    page's output. Divide the first value by the second for the achieved FLOPS.

    Args:
        n: Matrix size.
        repeats: Number of products timed.

    Returns:
        ``(flops, seconds)``: 2 n^3 x repeats FLOPs and the wall-clock time they took.
    """
    gen = torch.Generator().manual_seed(0)
    a, b = torch.randn(n, n, generator=gen), torch.randn(n, n, generator=gen)
    a @ b  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * n**3 * repeats, time.perf_counter() - start


# --8<-- [end:measure]


def main() -> None:
    """Print unit conversions, a peak figure, a roofline comparison and a time estimate."""
    print(f"1 GFLOPS = {convert(1, 'G', 'M'):g} MFLOPS = {convert(1, 'G', 'T'):g} TFLOPS")
    peak = peak_flops(cores=2, clock_hz=3.0e9, flops_per_cycle=32)
    print(f"example CPU, 2 cores x 3.0 GHz x 32 FP32 FLOPs/cycle: peak {peak / 1e9:.0f} GFLOPS")
    bandwidth = 40e9
    print(
        f"memory bandwidth {bandwidth / 1e9:.0f} GB/s, ridge point {peak / bandwidth:.1f} FLOP/byte"
    )
    for name, ai in [
        ("add, 1M floats", intensity_add(2**20)),
        ("matmul 1024", intensity_matmul(1024)),
    ]:
        got = attainable_flops(ai, peak, bandwidth)
        print(
            f"  {name:<15} intensity {ai:8.4f} FLOP/byte -> at most {got / 1e9:6.2f} GFLOPS "
            f"({got / peak:.1%} of peak)"
        )
    conv_flops = 2 * 56 * 56 * 64 * 64 * 3 * 3
    print(f"3x3 conv, 64 -> 64 channels, 56x56 output: {conv_flops / 1e9:.4f} GFLOPs")
    for util in (1.0, 0.5, 0.1):
        ms = estimate_seconds(conv_flops, peak, util) * 1e3
        print(f"  at {util:.0%} of peak: {ms:.2f} ms")


if __name__ == "__main__":
    main()
