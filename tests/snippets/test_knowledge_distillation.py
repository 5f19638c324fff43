"""Tests for snippets/knowledge_distillation.py: the claims of the knowledge-distillation page."""

import pytest
import torch
import torch.nn.functional as F

from snippets.knowledge_distillation import (
    agreement,
    example_logits,
    gradient_norms,
    offline_distillation_step,
    soft_gradient,
    soft_target_loss,
    toy_models,
)

Z, V = example_logits()


def test_soft_loss_is_t2_times_kl_of_teacher_to_student() -> None:
    """soft_target_loss = T^2 * mean over rows of KL(p_T(teacher) || p_T(student))."""
    t = 3.0
    p_t, p_s = F.softmax(V / t, -1), F.softmax(Z / t, -1)
    kl_rows = (p_t * (p_t.log() - p_s.log())).sum(-1)
    torch.testing.assert_close(soft_target_loss(Z, V, t), t**2 * kl_rows.mean())
    torch.testing.assert_close(soft_target_loss(Z, V, t, scale_by_t2=False), kl_rows.mean())


def test_soft_loss_is_zero_iff_student_matches_teacher_up_to_a_shift() -> None:
    """The loss is 0 when the student's logits equal the teacher's (even shifted), > 0 otherwise."""
    assert soft_target_loss(V, V, 4.0).item() == pytest.approx(0.0, abs=1e-12)
    assert soft_target_loss(V + 7.0, V, 4.0).item() == pytest.approx(0.0, abs=1e-12)
    assert soft_target_loss(Z, V, 4.0).item() > 0.0


def test_soft_gradient_closed_form() -> None:
    """Without T^2 the gradient is (p_T(student) - p_T(teacher)) / (N T) (batchmean)."""
    for t in (1.0, 4.0, 20.0):
        expected = (F.softmax(Z / t, -1) - F.softmax(V / t, -1)) / (len(Z) * t)
        torch.testing.assert_close(soft_gradient(Z, V, t, scale_by_t2=False), expected)


def test_gradient_shrinks_like_one_over_t2_without_the_factor() -> None:
    """Without T^2, doubling T from 10 to 20 divides the gradient by about 4; with T^2, about 1."""
    norms = gradient_norms()
    ratio_plain = norms[10.0][0] / norms[20.0][0]
    ratio_scaled = norms[10.0][1] / norms[20.0][1]
    assert ratio_plain == pytest.approx(4.0, rel=0.03)
    assert ratio_scaled == pytest.approx(1.0, rel=0.03)
    plain = [p for p, _ in norms.values()]
    assert plain == sorted(plain, reverse=True)
    scaled = [s for _, s in norms.values()]
    assert max(scaled) / min(scaled) < 1.3


def test_teacher_gets_no_gradient_from_the_soft_loss() -> None:
    """The teacher's logits are a constant target: no gradient flows back into them."""
    v = V.clone().requires_grad_()
    z = Z.clone().requires_grad_()
    soft_target_loss(z, v, 4.0).backward()
    assert v.grad is None
    assert z.grad is not None


def test_offline_step_trains_only_the_student() -> None:
    """Offline KD: the teacher's weights stay bit-identical and get no .grad; agreement rises."""
    teacher, student, x, y = toy_models()
    before_t = [p.clone() for p in teacher.parameters()]
    before_s = [p.clone() for p in student.parameters()]
    start = agreement(teacher, student, x)
    losses = [offline_distillation_step(teacher, student, x, y) for _ in range(30)]
    assert all(torch.equal(a, b) for a, b in zip(before_t, teacher.parameters(), strict=True))
    assert all(p.grad is None for p in teacher.parameters())
    assert not any(torch.equal(a, b) for a, b in zip(before_s, student.parameters(), strict=True))
    assert losses[-1] < losses[0]
    assert agreement(teacher, student, x) > start + 0.3


def test_exercise_shifted_student_has_zero_soft_loss() -> None:
    """Exercise 1: student logits = teacher logits + 5 give loss and gradient 0 at T = 4."""
    assert abs(soft_target_loss(V + 5.0, V, 4.0).item()) < 1e-15
    assert soft_gradient(V + 5.0, V, 4.0, scale_by_t2=True).abs().max().item() < 1e-15


def test_exercise_two_class_gradient_by_hand() -> None:
    """Exercise 2: student (0, 0), teacher (2, 0): dL/dz0 = -0.3808 (T = 1), -0.1155 (T = 2,
    no T^2) and -0.4621 (T = 2, with T^2)."""
    s = torch.zeros(1, 2, dtype=torch.float64)
    t = torch.tensor([[2.0, 0.0]], dtype=torch.float64)
    assert soft_gradient(s, t, 1.0, scale_by_t2=False)[0, 0].item() == pytest.approx(
        -0.3808, abs=1e-4
    )
    assert soft_gradient(s, t, 2.0, scale_by_t2=False)[0, 0].item() == pytest.approx(
        -0.1155, abs=1e-4
    )
    assert soft_gradient(s, t, 2.0, scale_by_t2=True)[0, 0].item() == pytest.approx(
        -0.4621, abs=1e-4
    )


def test_exercise_norm_ratio_from_t5_to_t10() -> None:
    """Exercise 3: from T = 5 to T = 10 the norm falls 4.23x without T^2 and 1.06x with it."""
    norms = gradient_norms((5.0, 10.0))
    assert norms[5.0][0] / norms[10.0][0] == pytest.approx(4.23, abs=5e-3)
    assert norms[5.0][1] / norms[10.0][1] == pytest.approx(1.06, abs=5e-3)
