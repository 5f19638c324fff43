"""Tests for snippets/gelu.py: function, derivative, extremes and the tanh approximation."""

import math

import pytest
import torch
import torch.nn.functional as F
from activation_inputs import FINE, GRID, autograd_derivative
from matplotlib.figure import Figure

from snippets.gelu import FIGURES, approx_error_data, gelu, gelu_grad, gelu_minimum, gelu_tanh


def test_gelu_matches_torch():
    """gelu equals the exact F.gelu on a grid with negatives, zero and large values."""
    torch.testing.assert_close(gelu(GRID), F.gelu(GRID))


def test_gelu_tanh_matches_torch():
    """gelu_tanh equals F.gelu(approximate="tanh")."""
    torch.testing.assert_close(gelu_tanh(GRID), F.gelu(GRID, approximate="tanh"))


def test_gelu_grad_matches_autograd():
    """gelu_grad equals autograd's derivative of the exact F.gelu."""
    torch.testing.assert_close(gelu_grad(GRID), autograd_derivative(F.gelu, GRID))


def test_derivative_at_zero_is_exactly_one_half():
    """GELU'(0) = Phi(0) = 0.5 exactly, not ≈ 1 as the notes claimed."""
    assert gelu_grad(torch.tensor(0.0, dtype=torch.float64)).item() == 0.5


def test_odd_part_identity():
    """GELU(x) - GELU(-x) = x, hence GELU'(x) + GELU'(-x) = 1."""
    torch.testing.assert_close(gelu(FINE) - gelu(-FINE), FINE, rtol=0, atol=1e-12)
    torch.testing.assert_close(
        gelu_grad(FINE) + gelu_grad(-FINE), torch.ones_like(FINE), rtol=0, atol=1e-12
    )


def test_global_minimum():
    """The minimum is GELU(-0.7518) = -0.1700, so the range is [-0.170, inf), not all reals."""
    x_min, y_min = gelu_minimum()
    assert x_min == pytest.approx(-0.7518, abs=5e-5)
    assert y_min == pytest.approx(-0.1700, abs=5e-5)
    assert gelu(FINE).min().item() >= y_min - 1e-12
    assert gelu(GRID).min().item() > -0.171


def test_steepest_slope_at_sqrt2():
    """GELU'' = phi(x)(2 - x^2): max slope 1.1289 at sqrt 2, min slope -0.1289 at -sqrt 2."""
    slopes = gelu_grad(FINE)
    assert FINE[slopes.argmax()].item() == pytest.approx(math.sqrt(2), abs=1e-3)
    assert FINE[slopes.argmin()].item() == pytest.approx(-math.sqrt(2), abs=1e-3)
    assert slopes.max().item() == pytest.approx(1.1289, abs=5e-5)
    assert slopes.min().item() == pytest.approx(-0.1289, abs=5e-5)


def test_slopes_at_the_tails():
    """The slope tends to 1 as x -> +inf and to 0 as x -> -inf."""
    assert gelu_grad(torch.tensor(10.0, dtype=torch.float64)).item() == pytest.approx(
        1.0, abs=1e-15
    )
    assert abs(gelu_grad(torch.tensor(-10.0, dtype=torch.float64)).item()) < 1e-20


def test_tanh_approximation_error():
    """The tanh approximation stays within 5e-4 of GELU; the worst error, 4.73e-4, is at ±2.70."""
    x, err = approx_error_data()
    worst = err.abs().max().item()
    assert 4.7e-4 < worst < 5e-4
    assert abs(x[err.abs().argmax()].item()) == pytest.approx(2.70, abs=0.01)
    assert (gelu_tanh(GRID) - gelu(GRID)).abs().max().item() < 5e-4


def test_figures_render():
    """Every entry of FIGURES returns a matplotlib Figure."""
    for make in FIGURES.values():
        assert isinstance(make(), Figure)


def test_exercise_slope_at_minus_sqrt2_from_slope_at_sqrt2():
    """Exercise 1: GELU'(x) + GELU'(-x) = 1, so GELU'(-sqrt 2) = 1 - 1.1289 = -0.1289."""
    s = torch.tensor(math.sqrt(2), dtype=torch.float64)
    assert gelu_grad(s).item() == pytest.approx(1.1289, abs=1e-4)
    assert gelu_grad(s).item() + gelu_grad(-s).item() == pytest.approx(1.0, abs=1e-12)
    assert gelu_grad(-s).item() == pytest.approx(-0.1289, abs=1e-4)


def test_exercise_gelu_at_plus_0_7518_from_the_minimum():
    """Exercise 2: GELU(x) - GELU(-x) = x, so GELU(0.7518) = 0.7518 + GELU(-0.7518)
    = 0.7518 - 0.1700 = 0.5818."""
    x_min, f_min = gelu_minimum()
    assert gelu(torch.tensor(-x_min, dtype=torch.float64)).item() == pytest.approx(-x_min + f_min)
    assert -x_min + f_min == pytest.approx(0.5818, abs=1e-4)
