"""Tests for snippets/sigmoid.py: the function, its derivative and the sigmoid page's claims."""

import pytest
import torch

from snippets.sigmoid import composed_sigmoid_grad, max_slope, sigmoid, sigmoid_grad, symmetry_error

# Includes |x| large enough that float64 rounds σ to 0 or 1 and exp(|x|) overflows.
X = torch.cat(
    [
        torch.arange(-4000, 4001, dtype=torch.float64) / 100,  # contains 0 exactly
        torch.tensor([-1000.0, -745.0, -100.0, 100.0, 745.0, 1000.0], dtype=torch.float64),
    ]
)


def test_sigmoid_matches_torch():
    """σ agrees with torch.sigmoid everywhere on the grid, including |x| up to 1000."""
    torch.testing.assert_close(sigmoid(X), torch.sigmoid(X), rtol=1e-12, atol=1e-300)


def test_sigmoid_grad_matches_autograd():
    """σ′ agrees with autograd through torch.sigmoid, and with autograd through our σ."""
    x = X.clone().requires_grad_()
    torch.sigmoid(x).sum().backward()
    # torch computes σ(1 − σ), which rounds to 0 once σ rounds to 1: compare absolutely.
    torch.testing.assert_close(sigmoid_grad(X), x.grad, rtol=1e-9, atol=1e-15)
    x2 = X.clone().requires_grad_()
    sigmoid(x2).sum().backward()
    # Our σ keeps full relative precision in both tails, so no absolute slack is needed here.
    torch.testing.assert_close(sigmoid_grad(X), x2.grad, rtol=1e-12, atol=1e-300)


def test_range_is_open_unit_interval():
    """On moderate inputs σ lies strictly between 0 and 1 (its output reads as a probability)."""
    y = sigmoid(torch.linspace(-30, 30, 601, dtype=torch.float64))
    assert (y > 0).all() and (y < 1).all()


def test_no_nan_or_overflow_far_out():
    """Huge inputs give finite results: σ(−1000) = 0, σ(1000) = 1, σ′ = 0 there."""
    x = torch.tensor([-1000.0, 1000.0], dtype=torch.float64)
    assert sigmoid(x).tolist() == [0.0, 1.0]
    assert sigmoid_grad(x).tolist() == [0.0, 0.0]


def test_max_slope_is_quarter_at_zero():
    """σ′ peaks at exactly 1/4, at x = 0, and is below 1/4 everywhere else on the grid."""
    x_star, g_star = max_slope(X)
    assert x_star == 0.0
    assert g_star == 0.25
    assert (sigmoid_grad(X[X != 0]) < 0.25).all()


def test_symmetry_identity():
    """σ(x) + σ(−x) = 1 holds to rounding error."""
    assert symmetry_error(X) < 1e-15


def test_derivative_vanishes_in_both_tails():
    """The gradient saturates on both sides: σ′(±30) < 1e-12."""
    g = sigmoid_grad(torch.tensor([-30.0, 30.0], dtype=torch.float64))
    assert (g < 1e-12).all()
    assert g.tolist() == pytest.approx([9.4e-14, 9.4e-14], rel=0.01)  # ≈ e^(−30)


@pytest.mark.parametrize("depth", [1, 2, 5, 10, 20])
@pytest.mark.parametrize("x0", [-3.0, 0.0, 0.7, 5.0])
def test_composed_sigmoids_shrink_by_quarter_per_layer(x0, depth):
    """The slope of L composed sigmoids is at most 0.25^L, wherever the chain starts."""
    assert 0 < composed_sigmoid_grad(x0, depth) <= 0.25**depth


def test_composition_shrinks_without_saturation():
    """From x = 0 no layer saturates (inputs stay in (0, 1)), yet each layer still costs a
    factor between 0.2 and 0.25: after 20 layers the slope is below 4^-20."""
    g20 = composed_sigmoid_grad(0.0, 20)
    assert 0.2**20 < g20 < 0.25**20


def test_log_of_sigmoid_underflows_but_logsigmoid_does_not():
    """log σ(−800) is −inf in float64, while F.logsigmoid(−800) = −800: use the fused form."""
    x = torch.tensor([-800.0], dtype=torch.float64)
    assert torch.log(sigmoid(x)).item() == float("-inf")
    assert torch.nn.functional.logsigmoid(x).item() == pytest.approx(-800.0)


def test_two_class_softmax_is_sigmoid_of_logit_difference():
    """softmax([z1, z2])[0] = σ(z1 − z2) for any pair of logits."""
    z = torch.randn(100, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    p = torch.softmax(z, dim=1)[:, 0]
    torch.testing.assert_close(p, sigmoid(z[:, 0] - z[:, 1]), rtol=1e-13, atol=1e-15)


def test_bce_with_logits_is_sigmoid_then_bce():
    """BCEWithLogitsLoss(z, y) equals BCELoss(σ(z), y) where the latter is finite."""
    gen = torch.Generator().manual_seed(1)
    z = torch.randn(50, generator=gen, dtype=torch.float64) * 3
    y = (torch.rand(50, generator=gen, dtype=torch.float64) > 0.5).to(torch.float64)
    fused = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    torch.testing.assert_close(fused, torch.nn.functional.binary_cross_entropy(sigmoid(z), y))


def test_exercise_two_sigmoids_slope_is_sigma_prime_of_half_times_quarter():
    """Exercise 1: the slope of σ∘σ at 0 is σ′(σ(0)) · σ′(0) = σ′(0.5) · 0.25 ≈ 0.2350 · 0.25
    = 0.05875, below the bound 0.0625 because the outer sigmoid sees 0.5, not 0."""
    half = torch.tensor(0.5, dtype=torch.float64)
    assert sigmoid(half).item() == pytest.approx(0.6225, abs=1e-4)
    assert sigmoid_grad(half).item() == pytest.approx(0.2350, abs=1e-4)
    assert composed_sigmoid_grad(0.0, 2) == pytest.approx(0.25 * sigmoid_grad(half).item())
    assert composed_sigmoid_grad(0.0, 2) == pytest.approx(0.05875, abs=1e-5)


def test_exercise_sigma_at_4_from_sigma_at_minus_4():
    """Exercise 2: σ(4) = 1 − σ(−4) = 0.98201379 and σ′(4) = σ(4)·σ(−4) = 0.01766271."""
    four = torch.tensor(4.0, dtype=torch.float64)
    assert sigmoid(four).item() == pytest.approx(1 - sigmoid(-four).item(), abs=1e-15)
    assert sigmoid(four).item() == pytest.approx(0.98201379, abs=1e-8)
    assert sigmoid_grad(four).item() == pytest.approx((sigmoid(four) * sigmoid(-four)).item())
    assert sigmoid_grad(four).item() == pytest.approx(0.01766271, abs=1e-8)
