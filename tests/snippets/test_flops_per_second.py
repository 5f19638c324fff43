"""Tests for snippets/flops_per_second.py: units, peak, roofline and estimates (no timings)."""

import math

import pytest
from torch.utils import flop_counter

from snippets.flops_per_second import (
    attainable_flops,
    convert,
    estimate_seconds,
    intensity_add,
    intensity_matmul,
    measure_matmul,
    peak_flops,
)

PEAK = peak_flops(cores=2, clock_hz=3.0e9, flops_per_cycle=32)
BANDWIDTH = 40e9


def test_unit_conversions():
    """1 GFLOPS = 1000 MFLOPS = 0.001 TFLOPS; conversions round-trip."""
    assert convert(1, "G", "M") == 1000
    assert convert(1, "G", "T") == pytest.approx(1e-3)
    assert convert(convert(3.5, "T", "K"), "K", "T") == pytest.approx(3.5)


def test_peak_is_cores_times_clock_times_flops_per_cycle():
    """The example CPU's peak is 2 x 3.0 GHz x 32 = 192 GFLOPS."""
    assert peak_flops(2, 3.0e9, 32) == 192e9


def test_estimate_scales_inversely_with_utilization():
    """time = FLOPs / (peak x utilization): half the utilization, twice the time."""
    flops = 2 * 56 * 56 * 64 * 64 * 3 * 3
    full = estimate_seconds(flops, PEAK, 1.0)
    assert full == pytest.approx(flops / 192e9)
    assert estimate_seconds(flops, PEAK, 0.5) == pytest.approx(2 * full)
    assert estimate_seconds(flops, PEAK, 0.1) * 1e3 == pytest.approx(12.04, abs=0.005)


def test_arithmetic_intensities():
    """An element-wise add does 1/12 FLOP per byte; a 1024 x 1024 matmul about 170.7."""
    assert intensity_add(2**20) == pytest.approx(1 / 12)
    assert intensity_matmul(1024) == pytest.approx(1024 / 6)
    assert intensity_matmul(2048) == pytest.approx(2 * intensity_matmul(1024))


def test_roofline_add_is_memory_bound_matmul_reaches_peak():
    """On the example machine an add reaches under 2% of peak; a large matmul reaches peak."""
    add = attainable_flops(intensity_add(2**20), PEAK, BANDWIDTH)
    assert add == pytest.approx(BANDWIDTH / 12)
    assert add / PEAK < 0.02
    assert attainable_flops(intensity_matmul(1024), PEAK, BANDWIDTH) == PEAK
    ridge = PEAK / BANDWIDTH
    assert attainable_flops(ridge, PEAK, BANDWIDTH) == pytest.approx(PEAK)
    assert attainable_flops(ridge / 2, PEAK, BANDWIDTH) == pytest.approx(PEAK / 2)


def test_measure_matmul_counts_2n_cubed_per_product():
    """measure_matmul's FLOP count is PyTorch's mm formula, 2n^3, times the repeats."""
    flops, seconds = measure_matmul(n=32, repeats=2)
    assert flops == 2 * flop_counter.mm_flop([32, 32], [32, 32]) == 2 * 2 * 32**3
    assert math.isfinite(seconds) and seconds >= 0


def test_exercise_matmul_reaches_peak_from_n_29():
    """Exercise 1: intensity n/6 crosses the 4.8 FLOP/byte ridge between n = 28 and n = 29."""
    ridge = PEAK / BANDWIDTH
    assert ridge == pytest.approx(4.8)
    assert attainable_flops(intensity_matmul(28), PEAK, BANDWIDTH) == pytest.approx(
        186.67e9, rel=1e-4
    )
    assert attainable_flops(intensity_matmul(29), PEAK, BANDWIDTH) == PEAK


def test_exercise_double_bandwidth_add_still_memory_bound():
    """Exercise 2: at 80 GB/s the add reaches 6.67 GFLOPS, 3.5% of peak; the ridge drops to 2.4."""
    got = attainable_flops(intensity_add(2**20), PEAK, 2 * BANDWIDTH)
    assert got == pytest.approx(6.667e9, rel=1e-3)
    assert got / PEAK == pytest.approx(0.0347, abs=1e-4)
    ridge = PEAK / (2 * BANDWIDTH)
    assert ridge == pytest.approx(2.4)


def test_exercise_measured_6_ms_means_20_percent():
    """Exercise 3: the 0.2312 GFLOPs conv at 20% of the 192 GFLOPS peak takes 6.02 ms."""
    conv = 2 * 56 * 56 * 64 * 64 * 3 * 3
    assert estimate_seconds(conv, PEAK, 0.2) * 1e3 == pytest.approx(6.02, abs=5e-3)
