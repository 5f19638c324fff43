"""Tests for snippets/leaky_relu.py: the function, its derivative and the no-vanishing claim."""

import pytest
import torch
import torch.nn.functional as F
from activation_inputs import GRID, autograd_derivative

from snippets.leaky_relu import leaky_relu, leaky_relu_grad, prelu_alpha_grad


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.2])
def test_leaky_relu_matches_torch(alpha):
    """leaky_relu equals F.leaky_relu for several negative slopes."""
    torch.testing.assert_close(leaky_relu(GRID, alpha), F.leaky_relu(GRID, alpha))


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.2])
def test_leaky_relu_grad_matches_autograd(alpha):
    """leaky_relu_grad equals autograd's derivative of F.leaky_relu, including alpha at x = 0."""
    torch.testing.assert_close(
        leaky_relu_grad(GRID, alpha), autograd_derivative(lambda t: F.leaky_relu(t, alpha), GRID)
    )


def test_grad_at_minus_1000_equals_grad_at_minus_1():
    """The slope at x = -1000 and at x = -1 is the same alpha = 0.01: no vanishing gradient."""
    x = torch.tensor([-1000.0, -1.0], dtype=torch.float64)
    assert leaky_relu_grad(x).tolist() == [0.01, 0.01]


def test_slope_is_constant_on_the_whole_negative_axis():
    """From -1e6 to just below 0 the slope never changes, so it cannot saturate."""
    grid = torch.linspace(-1e6, -1e-6, 100001, dtype=torch.float64)
    assert leaky_relu_grad(grid).unique().tolist() == [0.01]


def test_gradient_is_never_zero():
    """Unlike ReLU, every input passes some gradient, so no unit can die."""
    assert (leaky_relu_grad(GRID) > 0).all()


def test_prelu_slope_gets_a_gradient():
    """PReLU's alpha receives the sum of the negative inputs as gradient, as F.prelu agrees."""
    x = torch.tensor([-2.0, -0.5, 1.0, 3.0], dtype=torch.float64)
    got, expected = prelu_alpha_grad(x)
    assert got.item() == pytest.approx(-2.5)
    assert got.item() == pytest.approx(expected.item())
    weight = torch.tensor([0.25], dtype=torch.float64, requires_grad=True)
    F.prelu(x, weight).sum().backward()
    assert weight.grad.item() == pytest.approx(got.item())


def test_exercise_prelu_slope_gradient_does_not_depend_on_alpha():
    """Exercise 1: d(sum)/d(alpha) is the sum of the non-positive inputs: -2.5 for
    [-2, -0.5, 1, 3] whatever alpha is (0.25 or 0.5), and 0 when every input is positive."""
    x = torch.tensor([-2.0, -0.5, 1.0, 3.0], dtype=torch.float64)
    for alpha in (0.25, 0.5):
        got, _ = prelu_alpha_grad(x, alpha)
        assert got.item() == -2.5
    got, _ = prelu_alpha_grad(torch.tensor([0.5, 1.0, 3.0], dtype=torch.float64))
    assert got.item() == 0.0


def test_exercise_mean_output_on_symmetric_inputs():
    """Exercise 2: on the inputs -3 and 3 the mean output is 3 (1 - alpha) / 2: 1.485 for
    alpha = 0.01, 1.2 for alpha = 0.2, and 0 only for alpha = 1 (the identity)."""
    x = torch.tensor([-3.0, 3.0], dtype=torch.float64)
    assert leaky_relu(x, 0.01).mean().item() == pytest.approx(1.485)
    assert leaky_relu(x, 0.2).mean().item() == pytest.approx(1.2)
    assert leaky_relu(x, 1.0).mean().item() == 0.0
