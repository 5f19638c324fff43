"""Tests for snippets/silu.py: the function, its derivative, its range, extremes and cost."""

import math

import pytest
import torch
import torch.nn.functional as F
from activation_inputs import FINE, GRID, autograd_derivative
from matplotlib.figure import Figure
from scipy.special import lambertw

from snippets.relu import relu
from snippets.silu import (
    FIGURES,
    count_ops,
    silu,
    silu_grad,
    silu_max_slope,
    silu_minimum,
    silu_sigmoid_data,
)


def test_silu_matches_torch():
    """silu equals F.silu on a grid with negatives, zero and large values."""
    torch.testing.assert_close(silu(GRID), F.silu(GRID))


def test_silu_grad_matches_autograd():
    """silu_grad equals autograd's derivative of F.silu."""
    torch.testing.assert_close(silu_grad(GRID), autograd_derivative(F.silu, GRID))


def test_derivative_at_zero_is_exactly_one_half():
    """SiLU'(0) = sigmoid(0) = 0.5 exactly, not ≈ 1 as the notes claimed."""
    assert silu_grad(torch.tensor(0.0, dtype=torch.float64)).item() == 0.5


def test_odd_part_identity():
    """SiLU(x) - SiLU(-x) = x, hence SiLU'(x) + SiLU'(-x) = 1."""
    torch.testing.assert_close(silu(FINE) - silu(-FINE), FINE, rtol=0, atol=1e-12)
    torch.testing.assert_close(
        silu_grad(FINE) + silu_grad(-FINE), torch.ones_like(FINE), rtol=0, atol=1e-12
    )


def test_minimum_in_closed_form():
    """The minimum sits at -1 - W(1/e) ≈ -1.2785, where SiLU(x) = x + 1 ≈ -0.2785."""
    x_min, y_min = silu_minimum()
    assert x_min == pytest.approx(-1.0 - lambertw(1 / math.e).real, abs=1e-15)
    assert x_min == pytest.approx(-1.2785, abs=5e-5)
    assert y_min == pytest.approx(x_min + 1.0, abs=1e-12)
    assert y_min == pytest.approx(-0.2785, abs=5e-5)
    assert abs(silu_grad(torch.tensor(x_min, dtype=torch.float64)).item()) < 1e-12
    assert silu(FINE).min().item() >= y_min - 1e-12


def test_range_is_not_zero_to_one():
    """SiLU takes negative values and values above 1: its range is [-0.2785, inf), not (0, 1)."""
    assert silu(torch.tensor(-1.0, dtype=torch.float64)).item() < 0
    assert silu(torch.tensor(5.0, dtype=torch.float64)).item() > 1
    assert silu(GRID).max().item() == pytest.approx(1000.0)


def test_steepest_slope_exceeds_one():
    """The maximum slope is 1.0998 at x ≈ 2.3994, above 1."""
    x_top, slope_top = silu_max_slope()
    assert x_top == pytest.approx(2.3994, abs=5e-5)
    assert slope_top == pytest.approx(1.0998, abs=5e-5)
    slopes = silu_grad(FINE)
    assert slopes.max().item() == pytest.approx(slope_top, abs=1e-6)


@pytest.mark.parametrize(("x", "limit"), [(50.0, 1.0), (1000.0, 1.0), (-50.0, 0.0), (-1000.0, 0.0)])
def test_slope_at_the_tails(x, limit):
    """SiLU' tends to 1 as x -> +inf (no vanishing there) and to 0 as x -> -inf."""
    assert silu_grad(torch.tensor(x, dtype=torch.float64)).item() == pytest.approx(limit, abs=1e-15)


def test_silu_costs_more_than_relu():
    """Hand-written SiLU needs an exp and three arithmetic ops; ReLU a comparison and a select."""
    relu_ops = count_ops(relu)
    silu_ops = count_ops(silu)
    assert relu_ops == {"gt": 1, "where": 1}
    assert silu_ops == {"neg": 1, "exp": 1, "add": 1, "div": 1}
    assert "exp" not in relu_ops
    assert sum(silu_ops.values()) > sum(relu_ops.values())


def test_plot_data():
    """The figure's sigmoid stays in (0, 1) while SiLU dips below 0 and rises past 1."""
    d = silu_sigmoid_data()
    assert ((d["sigmoid"] > 0) & (d["sigmoid"] < 1)).all()
    assert d["silu"].min().item() < 0
    assert d["silu"].max().item() > 1


def test_figures_render():
    """Every entry of FIGURES returns a matplotlib Figure."""
    for make in FIGURES.values():
        assert isinstance(make(), Figure)


def test_exercise_slope_above_one_at_plus_10():
    """Exercise 1: SiLU'(10) = 1 - SiLU'(-10) = 1 + 4.086e-4 = 1.000409, above 1 because
    SiLU'(-10) is negative."""
    ten = torch.tensor(10.0, dtype=torch.float64)
    assert silu_grad(-ten).item() == pytest.approx(-4.086e-4, rel=1e-3)
    assert silu_grad(ten).item() == pytest.approx(1 - silu_grad(-ten).item(), abs=1e-12)
    assert silu_grad(ten).item() == pytest.approx(1.000409, abs=1e-6)


def test_exercise_silu_at_minus_x_min_is_one():
    """Exercise 2: SiLU(x*) = x* + 1 and SiLU(-x*) = -x* + SiLU(x*), so SiLU(1.2785) = 1."""
    x_min, _ = silu_minimum()
    assert x_min == pytest.approx(-1.2785, abs=1e-4)
    assert silu(torch.tensor(-x_min, dtype=torch.float64)).item() == pytest.approx(1.0, abs=1e-12)
