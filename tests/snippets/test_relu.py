"""Tests for snippets/relu.py: the function, its derivative and the dying-ReLU claims."""

import pytest
import torch
import torch.nn.functional as F
from activation_inputs import GRID, autograd_derivative
from matplotlib.figure import Figure

from snippets.relu import (
    FIGURES,
    big_step_experiment,
    dead_fraction,
    dead_unit_grads,
    dead_units_data,
    input_grad_norm,
    relu,
    relu_grad,
)


def test_relu_matches_torch():
    """relu equals F.relu on a grid with negatives, zero and large values."""
    torch.testing.assert_close(relu(GRID), F.relu(GRID), rtol=0, atol=0)


def test_relu_grad_matches_autograd():
    """relu_grad equals PyTorch's autograd derivative of F.relu, including 0 at x = 0."""
    torch.testing.assert_close(relu_grad(GRID), autograd_derivative(F.relu, GRID), rtol=0, atol=0)


def test_relu_grad_takes_only_values_0_and_1():
    """The derivative is 0 for x <= 0 and 1 for x > 0, nothing in between."""
    assert set(relu_grad(GRID).unique().tolist()) == {0.0, 1.0}
    assert relu_grad(torch.tensor(0.0, dtype=torch.float64)).item() == 0.0


@pytest.mark.parametrize("c", [0.5, 2.0, 1000.0])
def test_positive_homogeneity(c):
    """relu(c * x) = c * relu(x) for every c > 0."""
    torch.testing.assert_close(relu(c * GRID), c * relu(GRID))


def test_relu_mitigates_but_does_not_eliminate_vanishing_gradients():
    """Through 50 ReLU layers the gradient ratio is of order 1e-1 with He init (page: 3.3e-1)
    and of order 1e-16 with weights half as large (page: 3.0e-16)."""
    assert 1e-1 <= input_grad_norm(depth=50, gain=1.0) < 1
    assert 1e-16 <= input_grad_norm(depth=50, gain=0.5) < 1e-15


def test_unit_with_bias_minus_100_gets_zero_gradients():
    """A unit whose pre-activation is negative on every input receives exactly zero gradient."""
    grad_w, grad_b = dead_unit_grads(bias=-100.0)
    assert torch.count_nonzero(grad_w) == 0
    assert grad_b.item() == 0.0


def test_unit_with_bias_zero_is_alive():
    """With bias 0 the same unit fires on some inputs and does get a gradient."""
    grad_w, grad_b = dead_unit_grads(bias=0.0)
    assert grad_w.abs().max() > 0
    assert grad_b.item() > 0


@pytest.mark.parametrize(("lr", "dead_after"), [(0.1, 0.0), (3.0, 0.125)])
def test_dead_fraction_after_one_step(lr, dead_after):
    """No unit is dead at initialisation; a small step kills none, a huge step kills 8 of 64."""
    run = big_step_experiment(lr)
    assert dead_fraction(run["before"]) == 0.0
    assert dead_fraction(run["after"]) == dead_after


def test_dead_units_stay_dead():
    """After the big step the dead units get zero gradient, so plain SGD cannot revive them."""
    run = big_step_experiment(3.0)
    dead = run["after"].max(dim=0).values <= 0
    assert dead.any()
    assert torch.count_nonzero(run["grad_w1"][:, dead]) == 0
    assert torch.count_nonzero(run["grad_b1"][dead]) == 0
    assert torch.count_nonzero(run["grad_b1"][~dead]) > 0


def test_dead_units_data_agrees_with_dead_fraction():
    """The histogram data (per-unit maxima) count the same dead units as dead_fraction."""
    data = dead_units_data()
    assert data["before"].shape == data["after"].shape == (64,)
    assert (data["before"] <= 0).sum() == 0
    assert (data["after"] <= 0).float().mean().item() == 0.125


def test_figures_render():
    """Every entry of FIGURES returns a matplotlib Figure."""
    for make in FIGURES.values():
        assert isinstance(make(), Figure)


def test_exercise_half_gain_scales_the_gradient_by_half_to_the_50th():
    """Exercise 1: by positive homogeneity, halving every weight of the 50-layer chain multiplies
    the input-gradient ratio by exactly 0.5**50 (3.3e-1 * 8.9e-16 = 3.0e-16)."""
    he = input_grad_norm(depth=50, gain=1.0)
    half = input_grad_norm(depth=50, gain=0.5)
    factor = 0.5**50
    assert factor == pytest.approx(8.9e-16, rel=1e-2)
    assert half == pytest.approx(factor * he, rel=1e-9)


def test_exercise_dead_fraction_counts_max_zero_as_dead():
    """Exercise 2: one positive pre-activation keeps a unit alive; a unit whose maximum is
    exactly 0 is dead, so dead_fraction gives 0.5 for this 3 x 2 example."""
    pre = torch.tensor([[-1.0, 0.0], [-2.0, 0.0], [0.5, -3.0]], dtype=torch.float64)
    assert dead_fraction(pre) == 0.5
