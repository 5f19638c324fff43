"""Training (训练): the smallest honest training loop, on a toy two-class problem.

Run ``python -m snippets.training`` from the repository root to print the loss curve and the
facts the training page states. The loop is the usual one: forward, loss, zero the gradients,
backward, optimizer step, scheduler step.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch import nn

STEPS = 40
LR = 0.1


def toy_data(n: int = 64, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two overlapping Gaussian blobs in the plane, one per class, centred at (-1, -1) and (1, 1).

    Args:
        n: Number of points (half per class).
        seed: Seed of the generator.

    Returns:
        ``(x, y)``: inputs of shape ``(n, 2)`` and class indices of shape ``(n,)``.
    """
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    centres = torch.tensor([[-1.0, -1.0], [1.0, 1.0]])
    x = centres[y] + 0.8 * torch.randn(n, 2, generator=g)
    return x, y


def make_model(seed: int = 0) -> nn.Sequential:
    """A small MLP: 2 inputs, 16 hidden ReLU units, 2 logits.

    Args:
        seed: Seed for the weight initialisation.

    Returns:
        The model, in train mode.
    """
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))


# --8<-- [start:loop]
def train(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    steps: int = STEPS,
) -> list[float]:
    """Full-batch training with SGD and a cosine learning-rate schedule.

    Args:
        model: Maps inputs ``(N, 2)`` to logits ``(N, 2)``.
        x: Inputs.
        y: Class indices.
        steps: Number of optimizer steps.

    Returns:
        The loss before each step.
    """
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    model.train()
    losses = []
    for _ in range(steps):
        logits = model(x)  # forward
        loss = F.cross_entropy(logits, y)  # compare with the labels
        optimizer.zero_grad()  # clear the gradients of the previous step
        loss.backward()  # backward: d loss / d every parameter
        optimizer.step()  # update the parameters
        scheduler.step()  # then move the learning rate along its schedule
        losses.append(loss.item())
    return losses


# --8<-- [end:loop]


@contextmanager
def _one_thread() -> Iterator[None]:
    # Tiny matrices: on a busy 2-core machine intra-op threads cost far more than they save.
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


@functools.cache
def demo_run() -> tuple[nn.Module, tuple[float, ...]]:
    """The seeded demo run, computed once and shared by main, the figure and the tests.

    Returns:
        ``(trained model, loss before each of the STEPS steps)``.
    """
    x, y = toy_data()
    model = make_model()
    with _one_thread():
        losses = train(model, x, y)
    return model, tuple(losses)


def loss_history() -> tuple[float, ...]:
    """The losses of the demo run.

    Returns:
        The loss before each of the ``STEPS`` steps.
    """
    return demo_run()[1]


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of points whose largest logit is the correct class.

    Args:
        model: The classifier.
        x: Inputs.
        y: Class indices.

    Returns:
        A number in [0, 1].
    """
    with torch.no_grad():
        return (model(x).argmax(dim=-1) == y).double().mean().item()


def accumulated_gradient_ratio() -> float:
    """Call ``backward`` twice without zeroing: how much larger is the gradient than once?

    Returns:
        The norm of the gradient after two backward passes divided by the norm after one.
    """
    x, y = toy_data()
    model = make_model()
    F.cross_entropy(model(x), y).backward()
    once = model[0].weight.grad.norm().item()
    F.cross_entropy(model(x), y).backward()  # no zero_grad in between
    return model[0].weight.grad.norm().item() / once


def plot_loss():
    """Training loss of the toy problem against the step."""
    from matplotlib.figure import Figure

    losses = loss_history()
    fig = Figure(figsize=(5, 3.2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(range(len(losses)), losses, marker="o", markersize=3)
    ax.axhline(math.log(2), linewidth=0.8, linestyle=":")
    ax.text(len(losses) - 1, math.log(2) + 0.03, "log 2", ha="right", va="bottom")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy")
    ax.set_ylim(0, 0.8)
    return fig


FIGURES = {"training-loss-curve": plot_loss}


def main() -> None:
    """Print the loss curve and the facts stated on the training page."""
    losses = loss_history()
    for step in (0, 1, 2, 5, 10, 20, STEPS - 1):
        print(f"step {step:2d}: loss {losses[step]:.4f}")
    x, y = toy_data()
    print(f"accuracy before training: {accuracy(make_model(), x, y):.2f}")
    model = demo_run()[0]
    print(f"accuracy after {STEPS} steps: {accuracy(model, x, y):.2f}")
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"trainable parameters: {trainable}")
    print(f"gradient after two backward() without zero_grad: {accumulated_gradient_ratio():.4f}x")


if __name__ == "__main__":
    main()
