"""Tests for snippets/hard_label.py: the claims the hard-label page makes."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.hard_label import hard_cross_entropy, harden, logit_gradient, loss_at_margin, one_hot

GEN = torch.Generator().manual_seed(0)
LOGITS = torch.randn(6, 5, generator=GEN, dtype=torch.float64) * 2
Y = torch.tensor([0, 4, 2, 2, 1, 3])


def test_one_hot_matches_torch() -> None:
    """one_hot equals F.one_hot: a single 1 per row, at the labelled class."""
    torch.testing.assert_close(one_hot(Y, 5), F.one_hot(Y, 5).to(torch.float64))
    assert torch.equal(one_hot(Y, 5).sum(-1), torch.ones(6, dtype=torch.float64))


def test_index_and_one_hot_targets_give_the_same_loss() -> None:
    """CE with class indices equals CE with one-hot probability targets, and -mean log p_y."""
    ours = hard_cross_entropy(LOGITS, Y)
    torch.testing.assert_close(ours, F.cross_entropy(LOGITS, Y))
    torch.testing.assert_close(ours, F.cross_entropy(LOGITS, one_hot(Y, 5)))


def test_loss_at_margin_closed_form_and_no_minimum() -> None:
    """Loss = log(1 + (K-1) e^-m): strictly decreasing in m and positive for every finite m."""
    margins = [0.0, 1.0, 2.0, 5.0, 10.0, 20.0]
    losses = [loss_at_margin(m, 10) for m in margins]
    for m, loss in zip(margins, losses, strict=True):
        assert loss == pytest.approx(math.log1p(9 * math.exp(-m)), rel=1e-9)
        assert loss > 0
    assert losses == sorted(losses, reverse=True)
    assert losses[0] == pytest.approx(math.log(10))


def test_gradient_is_p_minus_one_hot_and_never_zero() -> None:
    """The logit gradient equals autograd's, is p - onehot(y), and is non-zero at margin 20."""
    x = LOGITS.clone().requires_grad_()
    F.cross_entropy(x, Y, reduction="sum").backward()
    torch.testing.assert_close(logit_gradient(LOGITS, Y), x.grad)
    far = logit_gradient(torch.tensor([[20.0, 0.0, 0.0]], dtype=torch.float64), torch.tensor([0]))
    assert (far.abs() > 0).all()
    assert far.abs().max().item() < 1e-8


def test_hardening_loses_information() -> None:
    """Two different soft labels harden to the same class: the second choice is gone."""
    q = torch.tensor([[0.70, 0.25, 0.05], [0.70, 0.05, 0.25]], dtype=torch.float64)
    assert harden(q).tolist() == [0, 0]
    assert not torch.equal(q[0], q[1])
    torch.testing.assert_close(one_hot(harden(q), 3)[0], one_hot(harden(q), 3)[1])


def test_integer_one_hot_target_is_rejected() -> None:
    """F.cross_entropy refuses a one-hot target stored as integers instead of converting it."""
    with pytest.raises(RuntimeError, match="floating point"):
        F.cross_entropy(LOGITS, F.one_hot(Y, 5))


def test_exercise_initial_loss_is_log_k() -> None:
    """Exercise 1: equal logits give the loss log K: 2.303 for K = 10 and 6.908 for K = 1000."""
    assert loss_at_margin(0.0, 10) == pytest.approx(2.303, abs=1e-3)
    assert loss_at_margin(0.0, 1000) == pytest.approx(math.log(1000))
    assert loss_at_margin(0.0, 1000) == pytest.approx(6.908, abs=1e-3)


def test_exercise_large_margin_loss_is_about_k_minus_one_exp_minus_m() -> None:
    """Exercise 2: for K = 10 the loss at m = 10 is 4.085e-4, close to 9 e^-10 = 4.086e-4, and
    it shrinks about 22022-fold (close to e^10 = 22026) from m = 10 to m = 20."""
    at10, at20 = loss_at_margin(10.0, 10), loss_at_margin(20.0, 10)
    assert at10 == pytest.approx(4.085e-4, abs=1e-7)
    assert 9 * math.exp(-10) == pytest.approx(4.086e-4, abs=1e-7)
    assert at10 / at20 == pytest.approx(22022, abs=1)
    assert math.exp(10) == pytest.approx(22026, abs=1)
    assert at20 > 0


def test_exercise_same_p_y_same_loss_different_gradient() -> None:
    """Exercise 3: p = (0.7, 0.29, 0.01) and (0.7, 0.15, 0.15) with label 0 both cost
    -log 0.7 = 0.3567, but their gradients p - e_y differ."""
    p = torch.tensor([[0.7, 0.29, 0.01], [0.7, 0.15, 0.15]], dtype=torch.float64)
    y = torch.tensor([0])
    for row in p:
        assert hard_cross_entropy(row.log()[None], y).item() == pytest.approx(0.3567, abs=1e-4)
    grad = logit_gradient(p.log(), torch.tensor([0, 0]))
    expected = torch.tensor([[-0.3, 0.29, 0.01], [-0.3, 0.15, 0.15]], dtype=torch.float64)
    torch.testing.assert_close(grad, expected)
