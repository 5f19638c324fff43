"""Tests for snippets/softmax_temperature.py: the claims the softmax-temperature page makes."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.softmax_temperature import (
    LOGITS,
    PLOT_TEMPERATURES,
    entropy,
    entropy_slope,
    softmax_t,
    temperature_data,
)

Z = torch.tensor(LOGITS, dtype=torch.float64)
BATCH = torch.randn(5, 7, generator=torch.Generator().manual_seed(0), dtype=torch.float64) * 3


@pytest.mark.parametrize("t", [0.3, 1.0, 4.0])
def test_matches_torch_softmax(t: float) -> None:
    """softmax_t(z, T) equals F.softmax(z / T) and every row sums to 1."""
    p = softmax_t(BATCH, t)
    torch.testing.assert_close(p, F.softmax(BATCH / t, dim=-1))
    torch.testing.assert_close(p.sum(-1), torch.ones(5, dtype=torch.float64))


def test_entropy_matches_torch_distribution() -> None:
    """entropy() equals torch.distributions.Categorical(probs=p).entropy()."""
    p = softmax_t(BATCH, 2.0)
    torch.testing.assert_close(entropy(p), torch.distributions.Categorical(probs=p).entropy())


def test_entropy_rises_with_temperature() -> None:
    """On a grid of temperatures the entropy strictly increases and stays below log K."""
    temps = torch.logspace(-1, 2, 60, dtype=torch.float64).tolist()
    h = torch.stack([entropy(softmax_t(Z, t)) for t in temps])
    assert bool((h[1:] > h[:-1]).all())
    assert h.max().item() < math.log(len(LOGITS))


def test_entropy_slope_matches_autograd() -> None:
    """dH/dT = Var_p(z) / T^3, checked against autograd at several temperatures."""
    for t0 in (0.5, 1.0, 3.0):
        t = torch.tensor(t0, dtype=torch.float64, requires_grad=True)
        h = entropy(softmax_t(Z, t))
        (grad,) = torch.autograd.grad(h, t)
        torch.testing.assert_close(entropy_slope(Z, t0), grad)
        assert grad.item() > 0


def test_high_temperature_gives_uniform() -> None:
    """As T grows the distribution tends to uniform (1/K each, entropy log K)."""
    p = softmax_t(Z, 1e6)
    torch.testing.assert_close(p, torch.full_like(p, 0.25), rtol=0, atol=1e-5)
    assert entropy(p).item() == pytest.approx(math.log(4), abs=1e-9)


def test_low_temperature_gives_argmax() -> None:
    """As T goes to 0 the distribution tends to the one-hot vector of the argmax."""
    p = softmax_t(BATCH, 1e-5)
    torch.testing.assert_close(p, F.one_hot(BATCH.argmax(-1), 7).to(p.dtype), rtol=0, atol=1e-12)


def test_shift_invariance_but_not_scale_invariance() -> None:
    """Adding a constant to every logit changes nothing; multiplying by c acts like T / c."""
    torch.testing.assert_close(softmax_t(BATCH + 100.0, 2.0), softmax_t(BATCH, 2.0))
    torch.testing.assert_close(softmax_t(3.0 * BATCH, 3.0), softmax_t(BATCH, 1.0))
    assert not torch.allclose(softmax_t(3.0 * BATCH, 1.0), softmax_t(BATCH, 1.0))


def test_ranking_is_kept_at_every_temperature() -> None:
    """Temperature never reorders the classes: the argsort of p is the argsort of z."""
    for t in (0.2, 1.0, 50.0):
        assert torch.equal(softmax_t(Z, t).argsort(), Z.argsort())


def test_two_classes_is_a_sigmoid() -> None:
    """With logits (z, 0) the first probability is sigmoid(z / T)."""
    x = torch.linspace(-6, 6, 25, dtype=torch.float64)
    pairs = torch.stack([x, torch.zeros_like(x)], dim=-1)
    torch.testing.assert_close(softmax_t(pairs, 2.0)[:, 0], torch.sigmoid(x / 2.0))


def test_no_overflow_for_large_logits() -> None:
    """Subtracting the maximum keeps exp finite: logits of 1000 give no NaN."""
    p = softmax_t(torch.tensor([1000.0, 0.0], dtype=torch.float64))
    assert torch.isfinite(p).all()
    assert p[0].item() == 1.0


def test_figure_data() -> None:
    """The plotted rows are the softmax at T = 0.5, 1, 2, 5; the top class shrinks with T."""
    data = temperature_data()
    assert tuple(data) == PLOT_TEMPERATURES
    tops = [p[0].item() for p in data.values()]
    assert tops == sorted(tops, reverse=True)
    assert tops[1] == pytest.approx(0.8390, abs=5e-5)


def test_jacobian_scales_with_one_over_t() -> None:
    """dp_i/dz_j = p_i (delta_ij - p_j) / T: the same p gives a T times smaller Jacobian."""
    for t in (0.5, 2.0, 8.0):
        jac = torch.autograd.functional.jacobian(lambda z, t=t: softmax_t(z, t), Z)
        p = softmax_t(Z, t)
        torch.testing.assert_close(jac, (torch.diag(p) - torch.outer(p, p)) / t)


def test_exercise_top_two_ratio_is_exp_gap_over_t() -> None:
    """Exercise 1: p0/p1 for z = (4, 2, 1, -1) is e^2 = 7.389 at T = 1 and e = 2.718 at T = 2."""
    for t, expected in ((1.0, math.exp(2.0)), (2.0, math.e)):
        p = softmax_t(Z, t)
        assert (p[0] / p[1]).item() == pytest.approx(expected)
    assert math.exp(2.0) == pytest.approx(7.389, abs=1e-3)
    assert math.e == pytest.approx(2.718, abs=1e-3)


def test_exercise_two_classes_three_and_one() -> None:
    """Exercise 2: logits (3, 1) give (0.8808, 0.1192) at T = 1 and (0.7311, 0.2689) at T = 2."""
    z = torch.tensor([3.0, 1.0], dtype=torch.float64)
    torch.testing.assert_close(
        softmax_t(z, 1.0), torch.tensor([0.8808, 0.1192], dtype=torch.float64), atol=1e-4, rtol=0
    )
    torch.testing.assert_close(
        softmax_t(z, 2.0), torch.tensor([0.7311, 0.2689], dtype=torch.float64), atol=1e-4, rtol=0
    )


def test_exercise_multiplying_by_two_is_t_one_half() -> None:
    """Exercise 3: softmax(2z) has entropy 0.1074 (the T = 0.5 value), softmax(z / 2) has 1.0573."""
    assert entropy(softmax_t(2.0 * Z)).item() == pytest.approx(0.1074, abs=1e-4)
    assert entropy(softmax_t(2.0 * Z)).item() == pytest.approx(entropy(softmax_t(Z, 0.5)).item())
    assert entropy(softmax_t(Z, 2.0)).item() == pytest.approx(1.0573, abs=1e-4)
