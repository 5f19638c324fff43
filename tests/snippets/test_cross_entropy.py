"""Tests for snippets/cross_entropy.py: every claim the cross-entropy page makes."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.cross_entropy import (
    cross_entropy,
    cross_entropy_from_logits,
    decomposition_data,
    entropy,
    kl_div_call,
    kl_divergence,
    main,
    smoothed_target,
)

GEN = torch.Generator().manual_seed(0)
K = 6
Z = torch.randn(8, K, generator=GEN, dtype=torch.float64) * 2
P = F.softmax(torch.randn(8, K, generator=GEN, dtype=torch.float64), dim=-1)
Q = F.softmax(Z, dim=-1)
Y = torch.randint(0, K, (8,), generator=GEN)


def test_entropy_matches_torch_distributions() -> None:
    """entropy(p) equals Categorical(probs=p).entropy()."""
    expected = torch.distributions.Categorical(probs=P).entropy()
    torch.testing.assert_close(entropy(P), expected)


def test_cross_entropy_is_entropy_plus_kl() -> None:
    """H(p, q) = H(p) + KL(p || q), with KL computed independently by torch.distributions."""
    kl = torch.distributions.kl_divergence(
        torch.distributions.Categorical(probs=P), torch.distributions.Categorical(probs=Q)
    )
    torch.testing.assert_close(cross_entropy(P, Q), entropy(P) + kl)
    torch.testing.assert_close(kl_divergence(P, Q), kl)


def test_cross_entropy_is_not_a_distance() -> None:
    """H(p, p) = H(p) > 0, KL(p || p) = 0, and KL is not symmetric."""
    torch.testing.assert_close(cross_entropy(P, P), entropy(P))
    assert bool((cross_entropy(P, P) > 0).all())
    torch.testing.assert_close(kl_divergence(P, P), torch.zeros(8, dtype=torch.float64))
    assert not torch.allclose(kl_divergence(P, Q), kl_divergence(Q, P))
    assert bool((kl_divergence(P, Q) >= 0).all())


def test_f_cross_entropy_takes_logits_and_equals_nll_of_log_softmax() -> None:
    """F.cross_entropy(z, y) = F.nll_loss(F.log_softmax(z), y) = mean of -log softmax(z)[y]."""
    expected = F.cross_entropy(Z, Y)
    torch.testing.assert_close(F.nll_loss(F.log_softmax(Z, dim=-1), Y), expected)
    torch.testing.assert_close(cross_entropy_from_logits(Z, Y), expected)
    one_hot = F.one_hot(Y, K).double()
    torch.testing.assert_close(cross_entropy(one_hot, Q).mean(), expected)


def test_kl_div_argument_order() -> None:
    """F.kl_div(log q, p, reduction='batchmean') is KL(p || q); swapping gives KL(q || p)."""
    torch.testing.assert_close(kl_div_call(P, Q), kl_divergence(P, Q).mean())
    torch.testing.assert_close(kl_div_call(Q, P), kl_divergence(Q, P).mean())
    assert not torch.isclose(kl_div_call(P, Q), kl_div_call(Q, P))


def test_label_smoothing_is_cross_entropy_with_the_smoothed_target() -> None:
    """F.cross_entropy(label_smoothing=eps) equals H(smoothed target, softmax(z)); its minimum
    over predictions is H(smoothed target) > 0, reached when q equals the target."""
    eps = 0.1
    target = smoothed_target(Y, K, eps)
    torch.testing.assert_close(
        F.cross_entropy(Z, Y, label_smoothing=eps), cross_entropy(target, Q).mean()
    )
    torch.testing.assert_close(cross_entropy(target, target), entropy(target))
    assert bool((cross_entropy(target, Q) >= entropy(target)).all())


def test_gradient_wrt_logits_is_softmax_minus_one_hot() -> None:
    """Autograd: d F.cross_entropy(z, y, reduction='sum') / dz = softmax(z) - one_hot(y)."""
    z = Z.clone().requires_grad_(True)
    F.cross_entropy(z, Y, reduction="sum").backward()
    torch.testing.assert_close(z.grad, F.softmax(Z, dim=-1) - F.one_hot(Y, K).double())
    assert z.grad.sum(dim=-1).abs().max().item() < 1e-12


def test_uniform_prediction_costs_log_k() -> None:
    """Equal logits over K classes give a loss of exactly log K (2.3026 for K = 10)."""
    y = torch.tensor([4])
    loss = F.cross_entropy(torch.zeros(1, 10, dtype=torch.float64), y)
    assert loss.item() == pytest.approx(math.log(10))


def test_decomposition_data() -> None:
    """Figure data: cross-entropy = entropy + KL everywhere; both CE and KL are smallest at
    q = p = 0.3, where KL is 0 and CE equals the entropy 0.6109."""
    data = decomposition_data()
    ce, kl, h = data["cross-entropy"], data["KL"], data["entropy"]
    assert ce == pytest.approx([a + b for a, b in zip(h, kl, strict=True)])
    best = min(range(len(ce)), key=ce.__getitem__)
    assert data["q1"][best] == pytest.approx(0.3)
    assert kl[best] == pytest.approx(0.0, abs=1e-12)
    assert ce[best] == pytest.approx(h[0]) == pytest.approx(0.6109, abs=1e-4)


def test_main_prints_the_page_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """main() prints the decomposition, the swapped kl_div and the gradient."""
    main()
    out = capsys.readouterr().out
    assert "H(p) = 0.6109, H(p, q) = 0.7947, KL(p||q) = 0.1838, H(p) + KL = 0.7947" in out
    assert "F.kl_div(p.log(), q) = 0.1920" in out
    assert "gradient (-0.3348, 0.2447, 0.0900)" in out
    assert "H(target) = 0.5003" in out
