"""Tests for snippets/flops.py: counts, rates and the units that tell them apart."""

import pytest

from snippets.flops import parse_unit, seconds


@pytest.mark.parametrize(
    ("unit", "scale", "kind"),
    [
        ("FLOPs", 1.0, "count"),
        ("GFLOPs", 1e9, "count"),
        ("GFLOPS", 1e9, "rate"),
        ("GFLOP/s", 1e9, "rate"),
        ("TFLOPS", 1e12, "rate"),
        ("MFLOPs", 1e6, "count"),
    ],
)
def test_parse_unit(unit, scale, kind):
    """Lower-case s is a plural (a count); capital S or /s is per second (a rate)."""
    assert parse_unit(unit) == (scale, kind)


def test_case_is_the_only_difference():
    """GFLOPs and GFLOPS differ only in letter case, so lower-casing erases the difference."""
    assert parse_unit("GFLOPs") != parse_unit("GFLOPS")
    assert "GFLOPs".lower() == "GFLOPS".lower()


def test_not_a_flop_unit():
    """Anything after FLOP other than s, S or /s is rejected."""
    with pytest.raises(ValueError, match="not a FLOP unit"):
        parse_unit("GFLOPx")


def test_giga_is_a_thousand_mega():
    """1 GFLOPS = 1000 MFLOPS."""
    assert parse_unit("GFLOPS")[0] / parse_unit("MFLOPS")[0] == 1000


def test_time_is_count_over_rate():
    """4.1 GFLOPs at 10 TFLOPS take 0.41 ms; a MAC count read as FLOPs halves the estimate."""
    assert seconds(4.1, "GFLOPs", 10, "TFLOPS") == pytest.approx(0.41e-3)
    assert seconds(8.2, "GFLOPs", 10, "TFLOPS") == pytest.approx(2 * 0.41e-3)


def test_rate_divided_by_rate_is_refused():
    """Dividing a rate by a rate (mixing up FLOPS and FLOPs) raises an error."""
    with pytest.raises(ValueError, match="divide a count"):
        seconds(4.1, "GFLOPS", 10, "TFLOPS")


def test_exercise_600_mflops_on_2_tflops():
    """Exercise 1: 600 MFLOPs at 2 TFLOPS take at least 0.3 ms; 0.6 ms if 600 M were MACs."""
    assert seconds(600, "MFLOPs", 2, "TFLOPS") == pytest.approx(0.3e-3)
    assert seconds(2 * 600, "MFLOPs", 2, "TFLOPS") == pytest.approx(0.6e-3)


def test_exercise_images_per_second_is_an_upper_bound():
    """Exercise 2: at 10 TFLOPS peak a 4.1 GFLOPs model runs at most 1 / 0.41 ms = 2439 images/s."""
    assert 1 / seconds(4.1, "GFLOPs", 10, "TFLOPS") == pytest.approx(2439.02, abs=0.01)


def test_exercise_rate_over_rate_is_not_a_time():
    """Exercise 3: seconds(10, "TFLOPS", 4.1, "GFLOPS") divides a rate by a rate and is refused."""
    with pytest.raises(ValueError, match="divide a count"):
        seconds(10, "TFLOPS", 4.1, "GFLOPS")
