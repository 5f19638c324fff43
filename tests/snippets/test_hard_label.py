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
