"""Tests for snippets/elu.py: the function, its derivative, saturation and mean activation."""

import math

import pytest
import torch
import torch.nn.functional as F
from activation_inputs import GRID, autograd_derivative

from snippets.elu import elu, elu_grad, mean_activation


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_elu_matches_torch(alpha):
    """elu equals F.elu for several alphas, with no overflow at x = 1000."""
    torch.testing.assert_close(elu(GRID, alpha), F.elu(GRID, alpha))


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_elu_grad_matches_autograd(alpha):
    """elu_grad equals autograd's derivative of F.elu (alpha at x = 0, like PyTorch)."""
    torch.testing.assert_close(
        elu_grad(GRID, alpha), autograd_derivative(lambda t: F.elu(t, alpha), GRID)
    )


def test_elu_saturates_for_large_negative_inputs():
    """ELU'(-20) = e^-20 ≈ 2.06e-9: the negative side saturates, so gradients vanish there."""
    slope = elu_grad(torch.tensor(-20.0, dtype=torch.float64)).item()
    assert slope == pytest.approx(math.exp(-20), rel=1e-12)
    assert slope == pytest.approx(2.06e-9, rel=1e-3)
    assert elu_grad(torch.tensor(-1000.0, dtype=torch.float64)).item() == 0.0


def test_slope_is_one_for_positive_inputs():
    """On the positive side ELU is the identity, slope exactly 1."""
    x = torch.linspace(1e-6, 1000, 1001, dtype=torch.float64)
    assert elu_grad(x).unique().tolist() == [1.0]


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_negative_side_derivative_follows_from_the_output(alpha):
    """For x <= 0, ELU'(x) = alpha * e^x = ELU(x) + alpha."""
    x = torch.linspace(-30, 0, 3001, dtype=torch.float64)
    torch.testing.assert_close(elu_grad(x, alpha), elu(x, alpha) + alpha)


def test_derivative_is_continuous_at_zero_only_for_alpha_one():
    """Left and right slopes at 0 agree for alpha = 1 and differ (0.5 vs 1) for alpha = 0.5."""
    eps = torch.tensor([-1e-9, 1e-9], dtype=torch.float64)
    left, right = elu_grad(eps, 1.0).tolist()
    assert left == pytest.approx(right, abs=1e-8)
    left, right = elu_grad(eps, 0.5).tolist()
    assert left == pytest.approx(0.5, abs=1e-8)
    assert right == 1.0


def test_elu_itself_is_continuous_at_zero():
    """Both branches meet at 0 for any alpha."""
    eps = torch.tensor([-1e-12, 0.0, 1e-12], dtype=torch.float64)
    for alpha in (0.5, 1.0, 2.0):
        assert elu(eps, alpha).abs().max().item() < 1e-11


def test_range_is_bounded_below_by_minus_alpha():
    """ELU's range is (-alpha, inf): it approaches -alpha and never goes below."""
    for alpha in (0.5, 1.0, 2.0):
        values = elu(GRID, alpha)
        assert values.min().item() >= -alpha
        assert elu(torch.tensor(-50.0, dtype=torch.float64), alpha).item() == pytest.approx(-alpha)


def test_mean_activation_is_closer_to_zero_than_relu():
    """For standard-normal inputs E[ELU] ≈ 0.1605 (closed form) against E[ReLU] ≈ 0.3989."""
    closed_form = (
        1 / math.sqrt(2 * math.pi) + math.exp(0.5) * 0.5 * math.erfc(1 / math.sqrt(2)) - 0.5
    )
    assert mean_activation(elu) == pytest.approx(closed_form, abs=1e-8)
    assert mean_activation(lambda z: z.clamp(min=0.0)) == pytest.approx(
        1 / math.sqrt(2 * math.pi), abs=1e-8
    )
    assert closed_form == pytest.approx(0.1605, abs=1e-4)


@pytest.mark.parametrize(
    ("alpha", "value", "slope"), [(1.0, -0.632121, 0.367879), (2.0, -1.264241, 0.735759)]
)
def test_exercise_slope_from_the_output(alpha, value, slope):
    """Exercise 1: at x = -1 the slope is ELU(x) + alpha: 0.367879 for alpha = 1 and
    0.735759 for alpha = 2 (output -0.632121 and -1.264241)."""
    x = torch.tensor(-1.0, dtype=torch.float64)
    assert elu(x, alpha).item() == pytest.approx(value, abs=1e-6)
    assert elu_grad(x, alpha).item() == pytest.approx(elu(x, alpha).item() + alpha, abs=1e-15)
    assert elu_grad(x, alpha).item() == pytest.approx(slope, abs=1e-6)


def test_exercise_mean_activation_is_linear_in_alpha():
    """Exercise 2: E[ELU_alpha(Z)] = 0.3989 - alpha * (0.3989 - 0.1605): -0.0779 for alpha = 2,
    and 0 at alpha = 0.3989 / 0.2384 = 1.6733."""
    relu_mean = mean_activation(lambda z: torch.clamp(z, min=0))
    elu_mean = mean_activation(elu)
    assert relu_mean == pytest.approx(0.3989, abs=1e-4)
    assert relu_mean - elu_mean == pytest.approx(0.2384, abs=1e-4)
    alpha2 = mean_activation(lambda z: elu(z, 2.0))
    assert alpha2 == pytest.approx(relu_mean - 2 * (relu_mean - elu_mean), abs=1e-12)
    assert alpha2 == pytest.approx(-0.0779, abs=1e-4)
    zero_at = relu_mean / (relu_mean - elu_mean)
    assert zero_at == pytest.approx(1.6733, abs=1e-4)
    assert mean_activation(lambda z: elu(z, zero_at)) == pytest.approx(0.0, abs=1e-12)
