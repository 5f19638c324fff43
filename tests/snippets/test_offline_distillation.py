"""Tests for snippets/offline_distillation.py: the claims of the offline-distillation page."""

import pytest
import torch
import torch.nn.functional as F

from snippets.knowledge_distillation import soft_target_loss
from snippets.offline_distillation import (
    cache_teacher_logits,
    forgotten_eval_drift,
    freeze,
    main,
    setup,
    student_step,
    train,
)


def test_freeze_turns_off_gradients_and_training_mode() -> None:
    """A frozen teacher is in eval() mode and none of its parameters requires a gradient."""
    teacher = freeze(setup()[0])
    assert not teacher.training
    assert not any(p.requires_grad for p in teacher.parameters())


def test_frozen_teacher_is_bit_identical_after_training() -> None:
    """After 12 student steps every teacher weight and BatchNorm buffer is unchanged, and the
    student's loss went down."""
    run = train()
    assert run["teacher_unchanged"]
    assert run["last_loss"] < run["first_loss"]


def test_cached_logits_give_the_same_student_with_fewer_teacher_passes() -> None:
    """Without augmentation, cached teacher logits train a bit-identical student with 4
    teacher forward passes instead of 12."""
    live, cached = train(cached=False), train(cached=True)
    assert live["teacher_forwards"] == 12
    assert cached["teacher_forwards"] == 4
    for a, b in zip(live["student"].parameters(), cached["student"].parameters(), strict=True):
        assert torch.equal(a, b)


def test_student_step_uses_hintons_loss() -> None:
    """student_step returns alpha * soft term + (1 - alpha) * cross-entropy before updating."""
    teacher, student, xs, ys = setup()
    freeze(teacher)
    (target,) = cache_teacher_logits(teacher, xs[:1])
    with torch.no_grad():
        logits = student(xs[0])
    expected = 0.9 * soft_target_loss(logits, target, 4.0) + 0.1 * F.cross_entropy(logits, ys[0])
    assert student_step(student, xs[0], ys[0], target) == pytest.approx(expected.item())


def test_no_grad_alone_does_not_freeze_batchnorm() -> None:
    """A teacher run under no_grad but left in train() mode updates BatchNorm's running mean."""
    assert forgotten_eval_drift() > 0.01


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints both forward-pass counts and the identical-student verdict."""
    main()
    out = capsys.readouterr().out
    assert "on the fly 12" in out
    assert "with cached logits: 4" in out
    assert "same student weights either way: True" in out
