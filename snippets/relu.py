"""ReLU (rectified linear unit) and the dying-ReLU problem.

Run ``python -m snippets.relu`` from the repository root to print the facts the ReLU page states.
"""

from __future__ import annotations

import torch

DTYPE = torch.float64


# --8<-- [start:relu]
def relu(x: torch.Tensor) -> torch.Tensor:
    """ReLU(x) = max(x, 0), element-wise.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape: ``x`` where ``x > 0``, else 0.
    """
    return torch.where(x > 0, x, 0.0)


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative of ReLU: 1 for x > 0, 0 for x <= 0.

    ReLU has no derivative at 0; like PyTorch we use 0 there.

    Args:
        x: Input tensor.

    Returns:
        A tensor of ones and zeros with the dtype of ``x``.
    """
    return (x > 0).to(x.dtype)


# --8<-- [end:relu]


# --8<-- [start:deep-chain]
def input_grad_norm(depth: int = 50, gain: float = 1.0, width: int = 64, seed: int = 0) -> float:
    """Gradient norm at the input of a deep ReLU MLP, relative to the norm at its output.

    Weights are drawn from N(0, gain^2 * 2 / width): gain 1 is He initialisation. ReLU's slope
    is 0 or 1, so the activation itself never shrinks a gradient by a fraction; the weights can.

    Args:
        depth: Number of linear + ReLU layers.
        gain: Scale relative to He initialisation.
        width: Units per layer.
        seed: Seed for inputs and weights.

    Returns:
        ||dL/dx|| / ||dL/dy|| for a random upstream gradient dL/dy.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(1, width, generator=g, dtype=DTYPE, requires_grad=True)
    h = x
    for _ in range(depth):
        w = torch.randn(width, width, generator=g, dtype=DTYPE) * gain * (2.0 / width) ** 0.5
        h = relu(h @ w)
    upstream = torch.randn(h.shape, generator=g, dtype=DTYPE)
    h.backward(upstream)
    return (x.grad.norm() / upstream.norm()).item()


# --8<-- [end:deep-chain]


# --8<-- [start:dead-unit]
def dead_unit_grads(bias: float = -100.0, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Gradients of one ReLU unit whose bias is so negative that it never fires.

    Args:
        bias: Bias of the unit; -100 keeps ``w·x + b`` negative for every standard-normal input.
        seed: Seed for the inputs and weights.

    Returns:
        ``(grad_w, grad_b)`` of ``sum(relu(x @ w + b))`` over a batch of 1000 inputs.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(1000, 10, generator=g, dtype=DTYPE)
    w = torch.randn(10, generator=g, dtype=DTYPE).requires_grad_()
    b = torch.tensor(bias, dtype=DTYPE, requires_grad=True)
    relu(x @ w + b).sum().backward()
    return w.grad, b.grad


# --8<-- [end:dead-unit]


# --8<-- [start:dying]
def dead_fraction(pre: torch.Tensor) -> float:
    """Fraction of dead units: a unit is dead when its pre-activation is <= 0 on every input.

    Args:
        pre: Pre-activations of shape (n_inputs, n_units).

    Returns:
        The fraction of columns whose maximum is <= 0.
    """
    return (pre.max(dim=0).values <= 0).to(DTYPE).mean().item()


def big_step_experiment(lr: float = 3.0, seed: int = 0) -> dict[str, torch.Tensor]:
    """Train a toy 8-64-1 ReLU MLP for ONE plain SGD step and record its hidden pre-activations.

    The targets sit around -3, so the freshly initialised network overshoots them on every
    input; with a large learning rate the step pushes some hidden units below zero everywhere.

    Args:
        lr: Learning rate of the single SGD step.
        seed: Seed for data and initial weights.

    Returns:
        ``before`` and ``after``: hidden pre-activations (256 inputs x 64 units) before and after
        the step; ``grad_w1`` and ``grad_b1``: first-layer gradients computed after the step.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 8, generator=g, dtype=DTYPE)
    y = torch.randn(256, 1, generator=g, dtype=DTYPE) - 3.0
    w1 = (torch.randn(8, 64, generator=g, dtype=DTYPE) / 8**0.5).requires_grad_()
    b1 = torch.zeros(64, dtype=DTYPE, requires_grad=True)
    w2 = (torch.randn(64, 1, generator=g, dtype=DTYPE) / 64**0.5).requires_grad_()
    b2 = torch.zeros(1, dtype=DTYPE, requires_grad=True)
    params = (w1, b1, w2, b2)

    def loss_and_pre() -> tuple[torch.Tensor, torch.Tensor]:
        pre = x @ w1 + b1
        return ((relu(pre) @ w2 + b2 - y) ** 2).mean(), pre

    loss, before = loss_and_pre()
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
    loss, after = loss_and_pre()
    loss.backward()  # the next step's gradients: dead units get none
    return {
        "before": before.detach(),
        "after": after.detach(),
        "grad_w1": w1.grad,
        "grad_b1": b1.grad,
    }


# --8<-- [end:dying]


def dead_units_data(lr: float = 3.0, seed: int = 0) -> dict[str, torch.Tensor]:
    """Each hidden unit's largest pre-activation over the data set, before and after the big step.

    A unit whose maximum is <= 0 is dead: it outputs 0 and gets zero gradient on every input.

    Args:
        lr: Learning rate of the single SGD step.
        seed: Seed for data and initial weights.

    Returns:
        ``before`` and ``after``: tensors of 64 per-unit maxima.
    """
    run = big_step_experiment(lr, seed)
    return {key: run[key].max(dim=0).values for key in ("before", "after")}


def plot_dead_units():
    """Histogram of per-unit maximum pre-activations before and after one huge SGD step."""
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    arrow = {"arrowstyle": "->", "color": rcParams["text.color"]}  # follows the theme

    data = dead_units_data()
    dead = int((data["after"] <= 0).sum())
    fig = Figure(figsize=(7, 3.6), layout="constrained")
    ax = fig.add_subplot()
    bins = torch.linspace(-1.5, 6.5, 65).tolist()
    ax.hist(data["before"].tolist(), bins=bins, alpha=0.6, label="before the step")
    ax.hist(data["after"].tolist(), bins=bins, alpha=0.6, label="after one SGD step, lr = 3")
    ax.axvline(0.0, linestyle="--", linewidth=1)
    ax.axvspan(-1.5, 0, alpha=0.08)
    ax.set_xlim(-1.5, 6.5)
    ax.set_xlabel("largest pre-activation of a hidden unit over all 256 inputs")
    ax.set_ylabel("number of units")
    ax.annotate(
        f"{dead} dead units\n(max ≤ 0)",
        xy=(-0.2, 3.0),
        xytext=(-1.4, ax.get_ylim()[1] * 0.8),
        arrowprops=arrow,
    )
    ax.legend(loc="upper right")
    return fig


FIGURES = {"relu-dead-units": plot_dead_units}


def main() -> None:
    """Print the facts stated on the ReLU page."""
    x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0], dtype=DTYPE)
    print("x          :", " ".join(f"{v:6.2f}" for v in x.tolist()))
    print("relu(x)    :", " ".join(f"{v:6.2f}" for v in relu(x).tolist()))
    print("relu'(x)   :", " ".join(f"{v:6.2f}" for v in relu_grad(x).tolist()))
    grid = torch.linspace(-1000, 1000, 20001, dtype=DTYPE)
    values = sorted(set(relu_grad(grid).tolist()))
    print(f"distinct values of relu' on [-1000, 1000]: {values}")

    for gain in (1.0, 0.5):
        ratio = input_grad_norm(depth=50, gain=gain)
        print(
            f"50 ReLU layers, weight gain {gain}: |grad at input| / |grad at output| = {ratio:.1e}"
        )

    grad_w, grad_b = dead_unit_grads()
    print(
        f"bias -100: |grad_w|_max = {grad_w.abs().max().item():.1f}, grad_b = {grad_b.item():.1f}"
    )

    for lr in (0.1, 3.0):
        run = big_step_experiment(lr)
        print(
            f"lr = {lr:>3}: dead units before = {dead_fraction(run['before']):.4f}, "
            f"after one step = {dead_fraction(run['after']):.4f}"
        )
    run = big_step_experiment(3.0)
    dead = run["after"].max(dim=0).values <= 0
    print(f"dead units after lr = 3: {int(dead.sum())} of {dead.numel()}")
    print(
        "their next gradients (max |.|): "
        f"w1 {run['grad_w1'][:, dead].abs().max().item():.1f}, "
        f"b1 {run['grad_b1'][dead].abs().max().item():.1f}"
    )


if __name__ == "__main__":
    main()
