"""Tests for snippets/tanh.py: the function, its derivative and the tanh page's claims."""

import math

import pytest
import torch

from snippets.sigmoid import sigmoid, sigmoid_grad
from snippets.tanh import (
    rescaled_sigmoid_error,
    tanh,
    tanh_grad,
    tanh_net_as_sigmoid_net,
    zero_centred_means,
)

X = torch.cat(
    [
        torch.arange(-4000, 4001, dtype=torch.float64) / 100,  # contains 0 exactly
        torch.tensor([-1000.0, -400.0, -1e-8, 1e-8, 400.0, 1000.0], dtype=torch.float64),
    ]
)


def test_tanh_matches_torch():
    """tanh agrees with torch.tanh on the grid, including tiny and huge |x|."""
    torch.testing.assert_close(tanh(X), torch.tanh(X), rtol=1e-12, atol=1e-300)


def test_tanh_grad_matches_autograd():
    """tanh′ agrees with autograd through torch.tanh and through our tanh."""
    x = X.clone().requires_grad_()
    torch.tanh(x).sum().backward()
    # torch computes 1 − tanh², which rounds to 0 once tanh rounds to ±1: compare absolutely.
    torch.testing.assert_close(tanh_grad(X), x.grad, rtol=1e-9, atol=1e-15)
    x2 = X.clone().requires_grad_()
    tanh(x2).sum().backward()
    torch.testing.assert_close(tanh_grad(X), x2.grad, rtol=1e-9, atol=1e-15)


def test_range_and_odd_symmetry():
    """tanh maps into (−1, 1) on moderate inputs and is odd: tanh(−x) = −tanh(x)."""
    y = tanh(torch.linspace(-15, 15, 301, dtype=torch.float64))
    assert (y > -1).all() and (y < 1).all()
    assert torch.equal(tanh(-X), -tanh(X))


def test_tanh_is_a_rescaled_sigmoid():
    """tanh(x) = 2σ(2x) − 1 and tanh′(x) = 4σ′(2x), to rounding error."""
    value_err, slope_err = rescaled_sigmoid_error(X)
    assert value_err < 1e-15
    assert slope_err < 1e-15


def test_slope_at_zero_is_one_and_maximal():
    """tanh′(0) = 1 is the maximum slope, four times σ′'s maximum of 1/4."""
    assert tanh_grad(torch.tensor([0.0], dtype=torch.float64)).item() == 1.0
    assert tanh_grad(X).max().item() == 1.0
    assert tanh_grad(X).max().item() == 4 * sigmoid_grad(X).max().item()


def test_saturates_on_both_sides():
    """The gradient vanishes on both sides, like 4e^(−2|x|): tanh′(±20) < 1e-16, and it decays
    faster than σ′, whose tails go like e^(−|x|)."""
    x = torch.tensor([-20.0, 20.0], dtype=torch.float64)
    assert (tanh_grad(x) < 1e-16).all()
    torch.testing.assert_close(tanh_grad(x), 4 * torch.exp(-2 * x.abs()), rtol=1e-15, atol=0)
    assert (tanh_grad(x) < sigmoid_grad(x)).all()


def test_outputs_zero_centred():
    """For standard normal inputs tanh's mean output is ≈ 0, sigmoid's ≈ 0.5."""
    mean_s, mean_t = zero_centred_means()
    assert abs(mean_t) < 0.01
    assert abs(mean_s - 0.5) < 0.01


def test_tanh_network_equals_a_sigmoid_network():
    """A tanh network equals a sigmoid network with rescaled weights (max difference < 1e-12):
    tanh adds no expressive power ("more nonlinearity") over the sigmoid."""
    assert tanh_net_as_sigmoid_net() < 1e-12


def test_exercise_tanh_at_1_from_the_sigmoid_at_2():
    """Exercise 1: tanh(1) = 2 sigma(2) - 1 = 2 * 0.88079708 - 1 = 0.76159416 and
    tanh'(1) = 4 sigma'(2) = 4 * 0.10499359 = 0.41997434."""
    one, two = torch.tensor(1.0, dtype=torch.float64), torch.tensor(2.0, dtype=torch.float64)
    assert sigmoid(two).item() == pytest.approx(0.88079708, abs=1e-8)
    assert sigmoid_grad(two).item() == pytest.approx(0.10499359, abs=1e-8)
    assert tanh(one).item() == pytest.approx(2 * sigmoid(two).item() - 1, abs=1e-15)
    assert tanh(one).item() == pytest.approx(0.76159416, abs=1e-8)
    assert tanh_grad(one).item() == pytest.approx(4 * sigmoid_grad(two).item(), abs=1e-15)
    assert tanh_grad(one).item() == pytest.approx(0.41997434, abs=1e-8)


def test_exercise_tanh_saturates_faster_than_the_sigmoid_at_5():
    """Exercise 2: tanh'(5) ~ 4 e^-10 = 1.8e-4 is smaller than sigma'(5) ~ e^-5, about 6.6e-3,
    although tanh's maximum slope is four times larger."""
    five = torch.tensor(5.0, dtype=torch.float64)
    assert tanh_grad(five).item() == pytest.approx(4 * math.exp(-10), rel=1e-3)
    assert tanh_grad(five).item() == pytest.approx(1.8158e-4, rel=1e-4)
    assert sigmoid_grad(five).item() == pytest.approx(6.6e-3, abs=1e-4)
    assert tanh_grad(five).item() < sigmoid_grad(five).item() / 30
