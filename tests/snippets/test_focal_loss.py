"""Tests for snippets/focal_loss.py: every claim the focal-loss page makes."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.focal_loss import (
    GAMMAS,
    curve_data,
    focal_from_pt,
    init_loss_shares,
    main,
    prior_bias,
    reduction_factor,
    sigmoid_focal_loss,
)

GEN = torch.Generator().manual_seed(0)
LOGITS = torch.randn(64, generator=GEN, dtype=torch.float64) * 3
TARGETS = (torch.rand(64, generator=GEN, dtype=torch.float64) < 0.3).double()


def test_gamma_zero_without_alpha_is_binary_cross_entropy() -> None:
    """With gamma = 0 and no alpha, the focal loss is F.binary_cross_entropy_with_logits."""
    torch.testing.assert_close(
        sigmoid_focal_loss(LOGITS, TARGETS, alpha=-1, gamma=0.0),
        F.binary_cross_entropy_with_logits(LOGITS, TARGETS, reduction="none"),
    )


def test_matches_the_paper_formula_written_with_logsigmoid() -> None:
    """FL = -alpha (1-p)^g log p for positives and -(1-alpha) p^g log(1-p) for negatives,
    computed independently with F.logsigmoid."""
    alpha, gamma = 0.25, 2.0
    p = torch.sigmoid(LOGITS)
    pos = -alpha * (1 - p) ** gamma * F.logsigmoid(LOGITS)
    neg = -(1 - alpha) * p**gamma * F.logsigmoid(-LOGITS)
    expected = torch.where(TARGETS == 1, pos, neg)
    torch.testing.assert_close(sigmoid_focal_loss(LOGITS, TARGETS, alpha, gamma), expected)


def test_alpha_weights_positives_and_one_minus_alpha_negatives() -> None:
    """At the same p_t, a positive's loss is alpha/(1-alpha) = 1/3 of a negative's (alpha 0.25)."""
    z = torch.tensor([1.3, -1.3], dtype=torch.float64)
    t = torch.tensor([1.0, 0.0], dtype=torch.float64)
    loss = sigmoid_focal_loss(z, t)
    assert loss[0].item() == pytest.approx(loss[1].item() / 3)


def test_easy_examples_are_down_weighted() -> None:
    """Without alpha, FL/CE = (1 - p_t)^gamma: 100x smaller at p_t = 0.9 with gamma = 2, and
    1000x smaller at p_t = 1 - 1000**-0.5 (about 0.968)."""
    for p_t, factor in ((0.9, 100.0), (0.5, 4.0), (1 - 1000**-0.5, 1000.0)):
        ce = -math.log(p_t)
        fl = focal_from_pt(torch.tensor(p_t, dtype=torch.float64), 2.0).item()
        assert ce / fl == pytest.approx(factor)
        assert reduction_factor(p_t, 2.0) == pytest.approx(factor)


def test_hard_examples_keep_most_of_their_loss_and_gradient() -> None:
    """The loss of a badly misclassified example (p_t = 0.05) keeps over 90 % of its CE, and the
    gradient of the easy example (p_t = 0.95) shrinks far more than the hard one's."""
    z = torch.tensor([-math.log(19), math.log(19)], dtype=torch.float64, requires_grad=True)
    t = torch.ones(2, dtype=torch.float64)  # p_t = 0.05 (hard) and 0.95 (easy)
    ce = F.binary_cross_entropy_with_logits(z, t, reduction="none")
    fl = sigmoid_focal_loss(z, t, alpha=-1)
    assert fl[0].item() / ce[0].item() > 0.9
    g_ce = torch.autograd.grad(ce.sum(), z, retain_graph=True)[0]
    g_fl = torch.autograd.grad(fl.sum(), z)[0]
    ratio = (g_fl / g_ce).abs()
    assert ratio[0].item() > 0.8
    assert ratio[1].item() < 0.01


def test_prior_bias_gives_probability_pi() -> None:
    """sigmoid(-log((1 - pi)/pi)) = pi: b = -4.5951 for pi = 0.01, and b equals torch.logit(pi)."""
    for pi in (0.01, 0.1, 0.5):
        b = prior_bias(pi)
        assert torch.sigmoid(torch.tensor(b)).item() == pytest.approx(pi)
        assert b == pytest.approx(torch.logit(torch.tensor(pi, dtype=torch.float64)).item())
    assert prior_bias(0.01) == pytest.approx(-4.5951, abs=1e-4)


def test_negatives_dominate_the_initial_loss_unless_focal() -> None:
    """100000 anchors, 100 positives: with CE the negatives give 99.9 % (bias 0) and 68.6 %
    (prior bias) of the initial loss; with focal loss and the prior bias, under 0.1 %."""
    _, share_ce0 = init_loss_shares(bias=0.0)
    _, share_ce = init_loss_shares(bias=prior_bias())
    total_fl, share_fl = init_loss_shares(bias=prior_bias(), focal=True)
    assert share_ce0 == pytest.approx(0.999)
    assert share_ce == pytest.approx(0.6856, abs=1e-4)
    assert share_fl < 0.001
    assert total_fl == pytest.approx(0.25 * 0.99**2 * -math.log(0.01), rel=1e-3)


def test_curve_data() -> None:
    """Figure data: gamma = 0 is -log p_t; a larger gamma never gives a larger loss; every
    curve falls as p_t grows."""
    data = curve_data()
    p_t = torch.tensor(data["p_t"], dtype=torch.float64)
    torch.testing.assert_close(torch.tensor(data["gamma=0"], dtype=torch.float64), -p_t.log())
    curves = [torch.tensor(data[f"gamma={g:g}"]) for g in GAMMAS]
    for lower, higher in zip(curves, curves[1:], strict=False):
        assert bool((higher <= lower).all())
    for c in curves:
        assert bool((c[1:] < c[:-1]).all())


def test_main_prints_the_page_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """main() prints the 100x reduction, the bias and the loss shares."""
    main()
    out = capsys.readouterr().out
    assert "p_t = 0.9 : CE = 0.1054, FL(gamma=2) = 1.054e-03, 100x smaller" in out
    assert "bias b = -4.5951, sigmoid(b) = 0.0100" in out
    assert "FL, prior bias : loss    1.1291,  0.07 % of it from negatives" in out
