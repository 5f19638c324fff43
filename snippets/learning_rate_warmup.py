"""Learning-rate warmup (学习率预热): linear warmup, then cosine decay, written by hand.

Also the two other schedules the page discusses: ResNet's constant warmup and the
Transformer's inverse-square-root schedule.

Run ``python -m snippets.learning_rate_warmup`` from the repository root to print the facts the
learning-rate-warmup page states.
"""

from __future__ import annotations

import math

BASE_LR = 0.1
WARMUP_STEPS = 5
TOTAL_STEPS = 50
START_FACTOR = 0.1


# --8<-- [start:linear-warmup]
def linear_warmup_factor(step: int, warmup_steps: int, start_factor: float) -> float:
    """Multiplier of the base learning rate during linear warmup.

    Rises in equal increments from ``start_factor`` at step 0 to 1 at ``warmup_steps``, then
    stays at 1 (the rule of ``torch.optim.lr_scheduler.LinearLR`` with ``end_factor=1``).

    Args:
        step: Optimizer step, counted from 0.
        warmup_steps: Length of the warmup, in steps.
        start_factor: Multiplier at step 0, in (0, 1].

    Returns:
        The factor in [start_factor, 1].
    """
    progress = min(step, warmup_steps) / warmup_steps
    return start_factor + (1.0 - start_factor) * progress


def warmup_cosine_lr(
    step: int,
    base_lr: float = BASE_LR,
    warmup_steps: int = WARMUP_STEPS,
    total_steps: int = TOTAL_STEPS,
    start_factor: float = START_FACTOR,
    min_lr: float = 0.0,
) -> float:
    """Learning rate of linear warmup followed by cosine decay to ``min_lr``.

    Args:
        step: Optimizer step, counted from 0.
        base_lr: Peak learning rate, reached at ``warmup_steps``.
        warmup_steps: Length of the warmup.
        total_steps: Step at which the cosine reaches ``min_lr``.
        start_factor: Fraction of ``base_lr`` used at step 0.
        min_lr: Final learning rate.

    Returns:
        The learning rate for this step.
    """
    if step < warmup_steps:
        return base_lr * linear_warmup_factor(step, warmup_steps, start_factor)
    t = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * t)) / 2


# --8<-- [end:linear-warmup]


# --8<-- [start:other-warmups]
def constant_warmup_lr(
    step: int, base_lr: float = 0.1, warmup_lr: float = 0.01, warmup_steps: int = 400
) -> float:
    """ResNet-110 on CIFAR-10: a small constant rate first, then the base rate.

    Args:
        step: Optimizer step, counted from 0.
        base_lr: Rate after the warmup.
        warmup_lr: Constant rate during the warmup.
        warmup_steps: Length of the warmup (He et al. stop once the training error is below
            80 %, about 400 iterations).

    Returns:
        The learning rate for this step.
    """
    return warmup_lr if step < warmup_steps else base_lr


def inverse_sqrt_lr(step: int, d_model: int = 512, warmup_steps: int = 4000) -> float:
    """The Transformer schedule: linear rise for ``warmup_steps``, then decay as 1/sqrt(step).

    Args:
        step: Training step, counted from 1.
        d_model: Model width; the whole schedule is scaled by d_model ** -0.5.
        warmup_steps: Step at which the rate peaks.

    Returns:
        ``d_model**-0.5 * min(step**-0.5, step * warmup_steps**-1.5)``.
    """
    return d_model**-0.5 * min(step**-0.5, step * warmup_steps**-1.5)


# --8<-- [end:other-warmups]


def schedule_data(total_steps: int = TOTAL_STEPS) -> dict[str, list[float]]:
    """The three schedules over ``total_steps`` steps, each peaking at ``BASE_LR`` (figure data).

    The constant warmup and the inverse-square-root schedule (0 at step 0) are rescaled to the
    same warmup length and peak so that their shapes can be compared.

    Args:
        total_steps: Number of steps to evaluate.

    Returns:
        ``{"step": [...], "linear + cosine": [...], "constant": [...], "inverse sqrt": [...]}``.
    """
    steps = list(range(total_steps))
    peak = inverse_sqrt_lr(WARMUP_STEPS, warmup_steps=WARMUP_STEPS)
    return {
        "step": [float(s) for s in steps],
        "linear + cosine": [warmup_cosine_lr(s) for s in steps],
        "constant": [
            constant_warmup_lr(s, BASE_LR, BASE_LR * START_FACTOR, WARMUP_STEPS) for s in steps
        ],
        "inverse sqrt": [
            BASE_LR * inverse_sqrt_lr(s, warmup_steps=WARMUP_STEPS) / peak if s else 0.0
            for s in steps
        ],
    }


def plot_schedules():
    """Learning rate against step for the three warmup schedules."""
    from matplotlib.figure import Figure

    data = schedule_data()
    fig = Figure(figsize=(7, 3.4), layout="constrained")
    ax = fig.add_subplot()
    for name in ("linear + cosine", "constant", "inverse sqrt"):
        ax.plot(data["step"], data[name], label=name, drawstyle="steps-post")
    ax.axvline(WARMUP_STEPS, linewidth=0.8, linestyle=":")
    ax.set_xlabel(f"step (warmup = first {WARMUP_STEPS} steps)")
    ax.set_ylabel("learning rate")
    ax.set_ylim(0, BASE_LR * 1.3)
    ax.legend(loc="upper center", ncols=3)
    return fig


FIGURES = {"learning-rate-warmup-schedules": plot_schedules}


def main() -> None:
    """Print the warmup steps, the peak and the decay of the linear + cosine schedule."""
    print(
        f"linear warmup + cosine: base_lr {BASE_LR}, warmup {WARMUP_STEPS} steps,"
        f" start_factor {START_FACTOR}, total {TOTAL_STEPS} steps"
    )
    for step in (0, 1, 2, 3, 4, 5, 6, 25, 49, 50):
        print(f"  step {step:2d}: lr = {warmup_cosine_lr(step):.5f}")
    print(
        "ResNet-110 constant warmup: step 399 -> "
        f"{constant_warmup_lr(399)}, step 400 -> {constant_warmup_lr(400)}"
    )
    lrs = [inverse_sqrt_lr(s) for s in range(1, 20001)]
    best = max(range(len(lrs)), key=lrs.__getitem__) + 1
    print(
        f"Transformer schedule (d_model 512, warmup 4000): peak at step {best},"
        f" lr {lrs[best - 1]:.6f}; step 16000 -> {inverse_sqrt_lr(16000):.6f}"
    )


if __name__ == "__main__":
    main()
