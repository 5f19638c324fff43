"""Tests for snippets/response_based_distillation.py: the claims of its page."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.response_based_distillation import (
    example,
    kd_loss,
    kl,
    kl_div_calls,
    logit_matching_gap,
    soften,
)

Z, V, Y = example()


def test_kd_loss_matches_the_formula() -> None:
    """kd_loss = alpha T^2 KL(p_t || p_s) + (1 - alpha) CE, written out by hand."""
    t, alpha = 4.0, 0.7
    p_t, p_s = F.softmax(V / t, -1), F.softmax(Z / t, -1)
    expected = alpha * t**2 * kl(p_t, p_s) + (1 - alpha) * F.cross_entropy(Z, Y)
    torch.testing.assert_close(kd_loss(Z, V, Y, t, alpha), expected)


def test_kd_loss_limits() -> None:
    """alpha = 0 gives plain CE; alpha = 1 gives 0 when the student equals the teacher."""
    torch.testing.assert_close(kd_loss(Z, V, Y, alpha=0.0), F.cross_entropy(Z, Y))
    assert kd_loss(V, V, Y, alpha=1.0).item() == pytest.approx(0.0, abs=1e-12)


def test_kl_div_argument_order() -> None:
    """F.kl_div(log p_s, p_t) is KL(teacher || student); swapping gives the reverse KL."""
    calls = kl_div_calls(Z, V, 4.0)
    intended = calls["intended KL(teacher || student)"]
    assert calls["kl_div(log p_s, p_t, batchmean)"] == pytest.approx(intended, rel=1e-12)
    p_t, p_s = F.softmax(V / 4, -1), F.softmax(Z / 4, -1)
    assert calls["kl_div(log p_t, p_s) [swapped]"] == pytest.approx(kl(p_s, p_t).item())
    assert abs(calls["kl_div(log p_t, p_s) [swapped]"] - intended) > 0.01


def test_kl_div_without_log_is_wrong_and_can_be_negative() -> None:
    """Passing probabilities instead of log-probabilities as input gives a negative 'KL'."""
    calls = kl_div_calls(Z, V, 4.0)
    assert calls["kl_div(p_s, p_t) [no log]"] < 0


def test_mean_reduction_divides_by_the_number_of_classes() -> None:
    """reduction='mean' is the true KL (batchmean) divided by K, here K = 5."""
    calls = kl_div_calls(Z, V, 4.0)
    assert calls["kl_div(log p_s, p_t, mean)"] == pytest.approx(
        calls["kl_div(log p_s, p_t, batchmean)"] / 5, rel=1e-12
    )


def test_swapped_order_changes_the_gradient() -> None:
    """Only the correct order gives the gradient (p_s - p_t) / (N T) on the student's logits."""
    t = 4.0
    z = Z.clone().requires_grad_()
    F.kl_div(F.log_softmax(z / t, -1), F.softmax(V / t, -1), reduction="batchmean").backward()
    expected = (F.softmax(Z / t, -1) - F.softmax(V / t, -1)) / (len(Z) * t)
    torch.testing.assert_close(z.grad, expected)
    z2 = Z.clone().requires_grad_()
    F.kl_div(F.log_softmax(V / t, -1), F.softmax(z2 / t, -1), reduction="batchmean").backward()
    assert not torch.allclose(z2.grad, expected)


def test_soft_ce_and_kl_have_the_same_gradient() -> None:
    """CE against soft targets and KL differ by the teacher's entropy: same student gradient."""
    t = 3.0
    p_t = F.softmax(V / t, -1)
    z1, z2 = Z.clone().requires_grad_(), Z.clone().requires_grad_()
    F.cross_entropy(z1 / t, p_t).backward()
    F.kl_div(F.log_softmax(z2 / t, -1), p_t, reduction="batchmean").backward()
    torch.testing.assert_close(z1.grad, z2.grad)


def test_high_temperature_limit_is_logit_matching() -> None:
    """T^2 dKL/dz tends to (z - v)/K for centred logits; the gap shrinks roughly like 1/T."""
    gaps = [logit_matching_gap(Z[0], V[0], t) for t in (10.0, 100.0, 1000.0)]
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 1e-3
    assert gaps[1] / gaps[2] == pytest.approx(10.0, rel=0.1)


def test_softening_probabilities_instead_of_logits_is_nearly_uniform() -> None:
    """softmax(p / T) of probabilities is close to uniform: the teacher's ranking detail is lost."""
    logits = torch.tensor([5.0, 2.7, 0.8], dtype=torch.float64)
    probs = torch.softmax(logits, -1)
    from_probs, from_logits = soften(probs, 4.0), soften(logits, 4.0)
    assert (from_probs - 1 / 3).abs().max().item() < 0.05
    assert (from_logits - 1 / 3).abs().max().item() > 0.15
    entropy = -(from_probs * from_probs.log()).sum().item()
    assert entropy > 0.99 * math.log(3)


def test_exercise_mean_reduction_is_k_times_too_small() -> None:
    """Exercise 1: with K = 5, reduction="mean" gives 0.0302 against the true 0.1509, 5x less."""
    calls = kl_div_calls(Z, V, 4.0)
    right, mean = calls["kl_div(log p_s, p_t, batchmean)"], calls["kl_div(log p_s, p_t, mean)"]
    assert right == pytest.approx(0.1509, abs=1e-4)
    assert mean == pytest.approx(0.0302, abs=1e-4)
    assert right / mean == pytest.approx(5.0)


def test_exercise_copying_the_teacher_leaves_the_hard_term() -> None:
    """Exercise 2: z = v, T = 4, alpha = 0.5: kd_loss = 0.2344, half the teacher's CE 0.4688."""
    ce = F.cross_entropy(V, Y).item()
    assert ce == pytest.approx(0.4688, abs=1e-4)
    assert kd_loss(V, V, Y, alpha=0.5).item() == pytest.approx(0.2344, abs=1e-4)
    assert kd_loss(V, V, Y, alpha=0.5).item() == pytest.approx(ce / 2)
    assert kd_loss(V, V, Y, alpha=0.0).item() == pytest.approx(ce)


def test_exercise_logit_matching_gap_at_t_ten_thousand() -> None:
    """Exercise 3: the gap is 8.98e-4 at T = 1000 and 9.00e-5 at T = 10000 (about 1/T)."""
    assert logit_matching_gap(Z[0], V[0], 1000.0) == pytest.approx(8.98e-4, abs=1e-6)
    assert logit_matching_gap(Z[0], V[0], 10000.0) == pytest.approx(9.00e-5, abs=1e-7)
