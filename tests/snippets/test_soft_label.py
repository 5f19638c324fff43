"""Tests for snippets/soft_label.py: the claims the soft-label page makes."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.soft_label import (
    entropy,
    kl_divergence,
    mixup_target,
    optimal_margin,
    smooth_labels,
    soft_cross_entropy,
)

GEN = torch.Generator().manual_seed(0)
LOGITS = torch.randn(6, 5, generator=GEN, dtype=torch.float64) * 2
Q = torch.softmax(torch.randn(6, 5, generator=GEN, dtype=torch.float64), dim=-1)
Y = torch.tensor([0, 4, 2, 2, 1, 3])


def test_soft_ce_matches_torch_probability_targets() -> None:
    """soft_cross_entropy equals F.cross_entropy with probability targets."""
    torch.testing.assert_close(soft_cross_entropy(LOGITS, Q), F.cross_entropy(LOGITS, Q))


def test_ce_is_entropy_plus_kl() -> None:
    """H(q, p) = H(q) + KL(q || p), and KL matches F.kl_div."""
    ce_rows = -(Q * torch.log_softmax(LOGITS, -1)).sum(-1)
    torch.testing.assert_close(ce_rows, entropy(Q) + kl_divergence(Q, LOGITS))
    torch_kl = F.kl_div(torch.log_softmax(LOGITS, -1), Q, reduction="none").sum(-1)
    torch.testing.assert_close(kl_divergence(Q, LOGITS), torch_kl)


def test_ce_is_at_least_entropy_with_equality_at_p_equal_q() -> None:
    """H(q, p) >= H(q) for every p; equality when p = q, where the logit gradient p - q is 0."""
    for seed in range(5):
        z = torch.randn(6, 5, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
        assert soft_cross_entropy(z, Q).item() >= entropy(Q).mean().item()
    logits = torch.log(Q).requires_grad_()
    loss = soft_cross_entropy(logits, Q)
    loss.backward()
    assert loss.item() == pytest.approx(entropy(Q).mean().item(), abs=1e-12)
    torch.testing.assert_close(logits.grad, torch.zeros_like(Q), rtol=0, atol=1e-12)


def test_soft_gradient_is_p_minus_q() -> None:
    """The gradient of the summed soft CE with respect to the logits is softmax(z) - q."""
    z = LOGITS.clone().requires_grad_()
    (soft_cross_entropy(z, Q) * len(Q)).backward()
    torch.testing.assert_close(z.grad, torch.softmax(LOGITS, -1) - Q)


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3])
def test_label_smoothing_equals_ce_against_smoothed_target(eps: float) -> None:
    """F.cross_entropy(label_smoothing=eps) equals the soft CE against (1-eps) onehot + eps/K."""
    target = smooth_labels(Y, 5, eps)
    torch.testing.assert_close(target.sum(-1), torch.ones(6, dtype=torch.float64))
    expected = F.cross_entropy(LOGITS, Y, label_smoothing=eps)
    torch.testing.assert_close(soft_cross_entropy(LOGITS, target), expected)


def test_smoothing_gives_a_finite_optimal_margin() -> None:
    """With smoothing, the loss over margins m is minimised at log(1 + K(1 - eps)/eps)."""
    k, eps = 4, 0.1
    target = smooth_labels(torch.tensor([0]), k, eps)
    margins = torch.linspace(0, 10, 10001, dtype=torch.float64)
    logits = torch.zeros(len(margins), k, dtype=torch.float64)
    logits[:, 0] = margins
    losses = -(target * torch.log_softmax(logits, -1)).sum(-1)
    assert margins[losses.argmin()].item() == pytest.approx(optimal_margin(k, eps), abs=1e-3)
    assert optimal_margin(k, eps) == pytest.approx(math.log(37))


def test_mixup_target() -> None:
    """Mixup's target puts lam on one class and 1 - lam on the other, summing to 1."""
    t = mixup_target(torch.tensor([0, 1]), torch.tensor([2, 1]), 0.8, 3)
    torch.testing.assert_close(t[0], torch.tensor([0.8, 0.0, 0.2], dtype=torch.float64))
    torch.testing.assert_close(t[1], torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64))


def test_torch_does_not_check_that_targets_sum_to_one() -> None:
    """F.cross_entropy accepts probability targets whose rows do not sum to 1, without error."""
    doubled = F.cross_entropy(LOGITS, 2 * Q)
    torch.testing.assert_close(doubled, 2 * F.cross_entropy(LOGITS, Q))


def test_exercise_mixup_half_half_floor_is_log_two() -> None:
    """Exercise 1: the lam = 0.5 mixup target of classes 0 and 1 (K = 2) is (0.5, 0.5), whose
    entropy log 2 = 0.6931 is the lowest cross-entropy any logits reach against it."""
    q = mixup_target(torch.tensor([0]), torch.tensor([1]), 0.5, 2)
    torch.testing.assert_close(q, torch.tensor([[0.5, 0.5]], dtype=torch.float64))
    assert entropy(q).item() == pytest.approx(0.6931, abs=1e-4)
    assert soft_cross_entropy(torch.zeros(1, 2, dtype=torch.float64), q).item() == pytest.approx(
        math.log(2)
    )
    assert soft_cross_entropy(torch.tensor([[1.0, 0.0]], dtype=torch.float64), q) > math.log(2)


def test_exercise_optimal_margin_for_other_eps_and_k() -> None:
    """Exercise 2: the optimal gap is log 17 = 2.8332 for K = 4, eps = 0.2 and log 91 = 4.5109
    for K = 10, eps = 0.1; at gap 2.8332 the softmax equals the smoothed target."""
    assert optimal_margin(4, 0.2) == pytest.approx(math.log(17))
    assert optimal_margin(4, 0.2) == pytest.approx(2.8332, abs=1e-4)
    assert optimal_margin(10, 0.1) == pytest.approx(4.5109, abs=1e-4)
    gap = optimal_margin(4, 0.2)
    z = torch.tensor([[gap, 0.0, 0.0, 0.0]], dtype=torch.float64)
    target = smooth_labels(torch.tensor([0]), 4, 0.2)
    torch.testing.assert_close(torch.softmax(z, -1), target)
    torch.testing.assert_close(
        target, torch.tensor([[0.85, 0.05, 0.05, 0.05]], dtype=torch.float64)
    )


def test_exercise_gradient_pushes_the_overconfident_logit_down() -> None:
    """Exercise 3: for q = (0.7, 0.2, 0.1) and logits (2, 0.5, 0) the gradient is
    p - q = (0.0361, -0.0357, -0.0004), positive on the largest logit."""
    z = torch.tensor([[2.0, 0.5, 0.0]], dtype=torch.float64, requires_grad=True)
    q = torch.tensor([[0.7, 0.2, 0.1]], dtype=torch.float64)
    soft_cross_entropy(z, q).backward()
    expected = torch.tensor([[0.0361, -0.0357, -0.0004]], dtype=torch.float64)
    torch.testing.assert_close(z.grad, expected, atol=5e-5, rtol=0)
    assert z.grad[0, 0].item() > 0
