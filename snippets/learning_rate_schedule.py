"""Learning-rate schedule (学习率调度): step decay, cosine annealing, warm restarts and one-cycle.

Each schedule is written as a closed form in the step t; ``torch_schedule`` steps the matching
``torch.optim.lr_scheduler`` class through its public API so the two can be compared.

Run ``python -m snippets.learning_rate_schedule`` from the repository root to print the facts the
learning-rate-schedule page states.
"""

from __future__ import annotations

import functools
import math

import torch

BASE_LR = 0.1
TOTAL = 100


# --8<-- [start:closed-forms]
def step_lr(t: int, base_lr: float, step_size: int, gamma: float = 0.1) -> float:
    """Step decay: multiply by ``gamma`` every ``step_size`` steps."""
    return base_lr * gamma ** (t // step_size)


def cosine_lr(t: int, base_lr: float, t_max: int, eta_min: float = 0.0) -> float:
    """Cosine annealing from ``base_lr`` at t = 0 to ``eta_min`` at t = t_max."""
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * t / t_max)) / 2


def sgdr_lr(
    t: int,
    base_lr: float,
    t_0: int,
    t_mult: int = 1,
    eta_min: float = 0.0,
) -> float:
    """SGDR: cosine restarted after ``t_0``, ``t_0 * t_mult``, ... steps."""
    period = t_0
    while t >= period:  # skip the cycles that are already over
        t -= period
        period *= t_mult
    return cosine_lr(t, base_lr, period, eta_min)


def one_cycle_lr(
    t: int,
    max_lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> float:
    """One-cycle, PyTorch's default two phases: cosine up, then cosine down."""
    initial = max_lr / div_factor
    final = initial / final_div_factor
    peak_step = pct_start * total_steps - 1
    if t <= peak_step:
        # the rising half: a cosine decay read backwards from the peak
        return cosine_lr(peak_step - t, max_lr, peak_step, initial)
    return cosine_lr(t - peak_step, max_lr, total_steps - 1 - peak_step, final)


# --8<-- [end:closed-forms]


# --8<-- [start:torch-schedulers]
def make_scheduler(name: str, optimizer: torch.optim.Optimizer):
    """The ``torch.optim.lr_scheduler`` object matching each closed form above."""
    s = torch.optim.lr_scheduler
    if name == "step":
        return s.StepLR(optimizer, step_size=30, gamma=0.1)
    if name == "cosine":
        return s.CosineAnnealingLR(optimizer, T_max=TOTAL)
    if name == "sgdr":
        return s.CosineAnnealingWarmRestarts(optimizer, T_0=20, T_mult=2)
    return s.OneCycleLR(optimizer, max_lr=BASE_LR, total_steps=TOTAL)


@functools.cache
def torch_schedule(name: str, steps: int = TOTAL) -> tuple[float, ...]:
    """Learning rate at steps 0 .. steps-1, read from a real scheduler."""
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=BASE_LR)
    scheduler = make_scheduler(name, optimizer)
    lrs = [scheduler.get_last_lr()[0]]
    for _ in range(steps - 1):
        optimizer.step()  # a real loop computes a gradient first
        scheduler.step()
        lrs.append(scheduler.get_last_lr()[0])
    return tuple(lrs)


# --8<-- [end:torch-schedulers]


def closed_form(name: str, t: int) -> float:
    """The closed form with the same settings as ``make_scheduler(name, ...)``.

    Args:
        name: ``"step"``, ``"cosine"``, ``"sgdr"`` or ``"one-cycle"``.
        t: Step, counted from 0.

    Returns:
        The learning rate at step t.
    """
    return {
        "step": lambda: step_lr(t, BASE_LR, 30),
        "cosine": lambda: cosine_lr(t, BASE_LR, TOTAL),
        "sgdr": lambda: sgdr_lr(t, BASE_LR, 20, 2),
        "one-cycle": lambda: one_cycle_lr(t, BASE_LR, TOTAL),
    }[name]()


NAMES = ("step", "cosine", "sgdr", "one-cycle")


def schedule_data() -> dict[str, list[float]]:
    """The four schedules over ``TOTAL`` steps (figure data).

    Returns:
        ``{"step": [...], "cosine": [...], "sgdr": [...], "one-cycle": [...]}``.
    """
    return {name: [closed_form(name, t) for t in range(TOTAL)] for name in NAMES}


def plot_schedules():
    """Learning rate against step for the four schedules."""
    from matplotlib.figure import Figure

    data = schedule_data()
    labels = {
        "step": "step (×0.1 every 30)",
        "cosine": "cosine",
        "sgdr": "SGDR (T₀ = 20, ×2)",
        "one-cycle": "one-cycle",
    }
    fig = Figure(figsize=(5, 4.4), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True, sharey=True)
    for ax, name in zip(axes.flat, NAMES, strict=True):
        ax.plot(range(TOTAL), data[name], drawstyle="steps-post" if name == "step" else "default")
        ax.set_title(labels[name], fontsize=11)
        ax.set_ylim(0, BASE_LR * 1.08)
    for ax in axes[1]:
        ax.set_xlabel("step")
    for ax in axes[:, 0]:
        ax.set_ylabel("learning rate")
    return fig


FIGURES = {"learning-rate-schedules": plot_schedules}


def main() -> None:
    """Print closed forms next to the stepped PyTorch schedulers, and the page's facts."""
    ts = (0, 29, 30, 50, 99)
    print(f"lr at t = {ts} | closed form = PyTorch at all {TOTAL} steps?")
    for name in NAMES:
        lrs = torch_schedule(name)
        same = all(abs(closed_form(name, t) - lrs[t]) < 1e-12 for t in range(TOTAL))
        picks = "".join(f"{closed_form(name, t):<10.4g}" for t in ts)
        print(f"{name:>9}: {picks}| {same}")
    restarts = [t for t in range(1, TOTAL) if torch_schedule("sgdr")[t] == BASE_LR]
    print(f"SGDR restarts at steps {restarts}")
    peak = max(range(TOTAL), key=torch_schedule("one-cycle").__getitem__)
    print(
        f"one-cycle: starts at {torch_schedule('one-cycle')[0]:.4f}, peaks at step {peak},"
        f" ends at {torch_schedule('one-cycle')[-1]:.2e}"
    )
    beyond = torch_schedule("cosine", 2 * TOTAL + 1)
    print(
        f"CosineAnnealingLR(T_max={TOTAL}) stepped past T_max:\n "
        f" t=100 -> {beyond[100]:.4f}, t=150 -> {beyond[150]:.4f}, t=200 -> {beyond[200]:.4f}"
    )


if __name__ == "__main__":
    main()
