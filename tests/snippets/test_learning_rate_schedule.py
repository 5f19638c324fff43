"""Tests for snippets/learning_rate_schedule.py: every claim the learning-rate-schedule page makes.

The PyTorch schedulers are stepped for real through their public API (``scheduler.step()``,
``get_last_lr()``); ``torch_schedule`` is cached, so each one is stepped once per process.
"""

import math

import pytest
import torch

from snippets.learning_rate_schedule import (
    BASE_LR,
    NAMES,
    TOTAL,
    closed_form,
    cosine_lr,
    main,
    one_cycle_lr,
    schedule_data,
    sgdr_lr,
    step_lr,
    torch_schedule,
)


@pytest.mark.parametrize("name", NAMES)
def test_closed_form_matches_the_stepped_pytorch_scheduler(name: str) -> None:
    """At every step 0..99, the closed form equals the lr of the real torch scheduler."""
    lrs = torch_schedule(name)
    for t in range(TOTAL):
        assert closed_form(name, t) == pytest.approx(lrs[t], rel=1e-12, abs=1e-15)


def test_step_decay_values() -> None:
    """StepLR(step_size=30, gamma=0.1) from 0.1: 0.1 until step 29, 0.01 from 30, 0.001 at 65."""
    assert step_lr(29, 0.1, 30) == pytest.approx(0.1)
    assert step_lr(30, 0.1, 30) == pytest.approx(0.01)
    assert step_lr(65, 0.1, 30) == pytest.approx(0.001)


def test_cosine_is_half_way_at_half_time() -> None:
    """Cosine annealing gives (base + eta_min)/2 at T_max/2, and eta_min at T_max."""
    assert cosine_lr(50, 0.1, 100) == pytest.approx(0.05)
    assert cosine_lr(50, 0.1, 100, eta_min=0.02) == pytest.approx(0.06)
    assert cosine_lr(100, 0.1, 100) == pytest.approx(0.0, abs=1e-15)


def test_cosine_annealing_lr_turns_back_up_after_t_max() -> None:
    """Stepped past T_max, CosineAnnealingLR follows the cosine back up: 0.05 at 1.5 T_max and
    the base lr again at 2 T_max."""
    lrs = torch_schedule("cosine", 2 * TOTAL + 1)
    assert lrs[TOTAL] == pytest.approx(0.0, abs=1e-12)
    assert lrs[150] == pytest.approx(0.05)
    assert lrs[200] == pytest.approx(BASE_LR)


def test_sgdr_restarts_with_growing_periods() -> None:
    """SGDR with T_0 = 20 and T_mult = 2 jumps back to the base lr at steps 20 and 60 (and 140)."""
    restarts = [t for t in range(1, 200) if sgdr_lr(t, 0.1, 20, 2) == pytest.approx(0.1)]
    assert restarts == [20, 60, 140]
    assert sgdr_lr(19, 0.1, 20, 2) < sgdr_lr(20, 0.1, 20, 2)


def test_one_cycle_defaults() -> None:
    """OneCycleLR defaults: starts at max_lr/25, peaks at step 0.3*total - 1, ends at
    max_lr/25/1e4, rising then falling without a plateau."""
    lrs = torch_schedule("one-cycle")
    assert lrs[0] == pytest.approx(BASE_LR / 25)
    assert max(range(TOTAL), key=lrs.__getitem__) == 29
    assert lrs[-1] == pytest.approx(BASE_LR / 25 / 1e4)
    assert all(a < b for a, b in zip(lrs[:29], lrs[1:30], strict=True))
    assert all(a > b for a, b in zip(lrs[29:-1], lrs[30:], strict=True))
    assert one_cycle_lr(29, BASE_LR, TOTAL) == pytest.approx(BASE_LR)


def test_schedule_data() -> None:
    """Figure data: four schedules of TOTAL steps, all within (0, BASE_LR]."""
    data = schedule_data()
    assert set(data) == set(NAMES)
    for values in data.values():
        assert len(values) == TOTAL
        assert max(values) == pytest.approx(BASE_LR)
        assert min(values) >= 0
    assert data["cosine"][50] == pytest.approx(BASE_LR / 2)
    assert math.isclose(data["sgdr"][60], BASE_LR)


def test_main_prints_the_page_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """main() reports agreement for all four schedulers, the SGDR restarts, the one-cycle peak."""
    main()
    out = capsys.readouterr().out
    assert out.count("| True") == 4
    assert "SGDR restarts at steps [20, 60]" in out
    assert "peaks at step 29" in out
    assert "t=150 -> 0.0500, t=200 -> 0.1000" in out


def test_one_cycle_past_total_steps_is_wrong_then_raises() -> None:
    """OneCycleLR(total_steps=5): the 5th step() gives a rate above the final one (the schedule
    is over), and the 6th raises ValueError."""
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=BASE_LR)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=BASE_LR, total_steps=5)
    for _ in range(4):
        optimizer.step()
        scheduler.step()
    final = scheduler.get_last_lr()[0]
    assert final == pytest.approx(BASE_LR / 25 / 1e4)
    optimizer.step()
    scheduler.step()
    assert scheduler.get_last_lr()[0] > 1000 * final
    optimizer.step()
    with pytest.raises(ValueError):
        scheduler.step()
