"""Tests for snippets/learning_rate_warmup.py: the schedules on the learning-rate-warmup page.

The schedules are compared with PyTorch's schedulers stepped through their public API
(``step()``, ``get_last_lr()``), as a training loop uses them. Building the first optimizer
in a process imports torch._dynamo (1–2 s); the rates are computed once per module.
"""

import functools

import pytest
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR

from snippets.learning_rate_warmup import (
    BASE_LR,
    START_FACTOR,
    TOTAL_STEPS,
    WARMUP_STEPS,
    constant_warmup_lr,
    inverse_sqrt_lr,
    linear_warmup_factor,
    main,
    schedule_data,
    warmup_cosine_lr,
)


def _stepped(make_scheduler, steps: int) -> list[float]:
    """The rate a scheduler gives at steps 0 … steps - 1, stepped as in a training loop."""
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(scheduler.get_last_lr()[0])
        optimizer.step()
        scheduler.step()
    return rates


@functools.cache
def _linear_rates() -> list[float]:
    return _stepped(
        lambda opt: LinearLR(opt, START_FACTOR, end_factor=1.0, total_iters=WARMUP_STEPS),
        3 * WARMUP_STEPS,
    )


def _linear_lr(step: int) -> float:
    return _linear_rates()[step]


@functools.cache
def _cosine_rates(t_max: int) -> list[float]:
    return _stepped(lambda opt: CosineAnnealingLR(opt, T_max=t_max, eta_min=0.0), t_max + 1)


def _cosine_lr(epoch: int, t_max: int) -> float:
    return _cosine_rates(t_max)[epoch]


def test_warmup_matches_torch_linear_lr():
    """During warmup the rate equals LinearLR(start_factor, end_factor=1, total_iters)."""
    for step in range(WARMUP_STEPS + 1):
        assert warmup_cosine_lr(step) == pytest.approx(_linear_lr(step), rel=1e-12)
    for step in range(3 * WARMUP_STEPS):
        factor = linear_warmup_factor(step, WARMUP_STEPS, START_FACTOR)
        assert BASE_LR * factor == pytest.approx(_linear_lr(step), rel=1e-12)


def test_decay_matches_torch_cosine_annealing():
    """After warmup the rate equals CosineAnnealingLR started at the end of the warmup."""
    t_max = TOTAL_STEPS - WARMUP_STEPS
    for step in range(WARMUP_STEPS, TOTAL_STEPS + 1):
        expected = _cosine_lr(step - WARMUP_STEPS, t_max)
        assert warmup_cosine_lr(step) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_warmup_rises_in_equal_steps_and_peaks_without_a_jump():
    """Warmup starts at start_factor * base_lr, rises by equal increments, reaches base_lr at
    the warmup length and then only decreases."""
    lrs = [warmup_cosine_lr(s) for s in range(TOTAL_STEPS + 1)]
    assert lrs[0] == pytest.approx(START_FACTOR * BASE_LR)
    warm = lrs[: WARMUP_STEPS + 1]
    steps = [b - a for a, b in zip(warm, warm[1:], strict=False)]
    assert steps == pytest.approx([steps[0]] * WARMUP_STEPS)
    assert max(lrs) == lrs[WARMUP_STEPS] == pytest.approx(BASE_LR)
    decay = lrs[WARMUP_STEPS:]
    assert all(b < a for a, b in zip(decay, decay[1:], strict=False))
    assert lrs[-1] == pytest.approx(0.0, abs=1e-15)


def test_resnet_constant_warmup():
    """ResNet-110: 0.01 for the first 400 iterations, then 0.1."""
    assert {constant_warmup_lr(s) for s in range(400)} == {0.01}
    assert constant_warmup_lr(400) == 0.1


def test_inverse_sqrt_rises_linearly_then_decays_as_inverse_sqrt():
    """The Transformer rate is proportional to the step before warmup_steps, peaks there, and
    halves when the step is multiplied by 4 afterwards."""
    w = 4000
    assert inverse_sqrt_lr(w // 2) == pytest.approx(inverse_sqrt_lr(w) / 2)
    assert inverse_sqrt_lr(4 * w) == pytest.approx(inverse_sqrt_lr(w) / 2)
    assert inverse_sqrt_lr(w) == pytest.approx(512**-0.5 * w**-0.5)
    assert inverse_sqrt_lr(w) > max(inverse_sqrt_lr(w - 1), inverse_sqrt_lr(w + 1))


def test_schedule_data_peaks_at_base_lr_after_warmup():
    """Figure data: every schedule reaches BASE_LR at the end of the warmup and not before."""
    data = schedule_data()
    assert len(data["step"]) == TOTAL_STEPS
    for name in ("linear + cosine", "constant", "inverse sqrt"):
        ys = data[name]
        assert max(ys[:WARMUP_STEPS]) < BASE_LR
        assert ys[WARMUP_STEPS] == pytest.approx(BASE_LR)
        assert max(ys) == pytest.approx(BASE_LR)


def test_main_prints_the_page_facts(capsys):
    """main() prints the warmup values, the peak at step 5 and the Transformer peak at 4000."""
    main()
    out = capsys.readouterr().out
    assert "step  0: lr = 0.01000" in out
    assert "step  5: lr = 0.10000" in out
    assert "peak at step 4000" in out


def test_exercise_ten_step_warmup_is_halfway_at_step_five() -> None:
    """Exercise 1: with a 10-step warmup the rate at step 5 is 0.055; with 5 steps it is 0.1."""
    assert warmup_cosine_lr(5, warmup_steps=10) == pytest.approx(0.055)
    assert warmup_cosine_lr(5) == pytest.approx(0.1)


def test_exercise_epochs_counted_as_steps() -> None:
    """Exercise 2: warmup_steps=5 reaches 0.1 at batch 5; the intended 500-step warmup (of
    5000 steps) gives 0.0109 there."""
    assert warmup_cosine_lr(5) == pytest.approx(0.1)
    intended = warmup_cosine_lr(5, warmup_steps=500, total_steps=5000)
    assert intended == pytest.approx(0.0109)


def test_exercise_inverse_sqrt_at_64000_and_wider_model() -> None:
    """Exercise 3: the Transformer rate is 0.000349 at step 16000 and 0.000175 at 64000 (half);
    d_model = 1024 lowers the peak from 0.000699 to 0.000494 (a factor sqrt 2)."""
    assert inverse_sqrt_lr(16000) == pytest.approx(0.000349, abs=5e-7)
    assert inverse_sqrt_lr(64000) == pytest.approx(0.000175, abs=5e-7)
    assert inverse_sqrt_lr(64000) == pytest.approx(inverse_sqrt_lr(16000) / 2)
    assert inverse_sqrt_lr(4000) == pytest.approx(0.000699, abs=5e-7)
    assert inverse_sqrt_lr(4000, d_model=1024) == pytest.approx(0.000494, abs=5e-7)
    assert inverse_sqrt_lr(4000) / inverse_sqrt_lr(4000, d_model=1024) == pytest.approx(2**0.5)
