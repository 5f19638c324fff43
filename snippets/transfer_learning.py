"""Transfer learning (迁移学习): pretrain on a data-rich task, then reuse the body on a small one.

A synthetic family of tasks shares hidden features h(x) = tanh(W x) of a 20-dimensional input:
the source task predicts 8 linear read-outs of h from 256 examples, the target task one other
read-out from only 16. A small network is pretrained on the source, then trained on the target
for 50 steps in three ways: from scratch, fine-tuning everything, or feature extraction (body
frozen, new head only). The held-out loss on the target is compared.

Run ``python -m snippets.transfer_learning`` from the repository root to print the comparison.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch import nn

IN_DIM, TRUE_FEATURES, HIDDEN = 20, 4, 16
SOURCE_OUTPUTS = 8
N_SOURCE, N_TARGET, N_TEST = 256, 16, 512
PRETRAIN_STEPS, TARGET_STEPS, LR = 200, 50, 0.02
MODES = ("scratch", "fine-tune", "feature extraction")


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
def _task_weights() -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return {
        "W": torch.randn(TRUE_FEATURES, IN_DIM, generator=g) / IN_DIM**0.5,
        "source": torch.randn(SOURCE_OUTPUTS, TRUE_FEATURES, generator=g),
        "target": torch.randn(1, TRUE_FEATURES, generator=g),
    }


def task_data(task: str, n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Examples of the source or target task: inputs and the read-outs of the shared features.

    Args:
        task: ``"source"`` (8 outputs) or ``"target"`` (1 output).
        n: Number of examples.
        seed: Seed of the inputs.

    Returns:
        ``(x, y)`` of shapes ``(n, 20)`` and ``(n, outputs)``.
    """
    w = _task_weights()
    x = torch.randn(n, IN_DIM, generator=torch.Generator().manual_seed(seed))
    return x, torch.tanh(x @ w["W"].T) @ w[task].T


def make_body(seed: int) -> nn.Sequential:
    """The part of the network that is transferred: one hidden layer of 16 tanh units.

    Args:
        seed: Seed of the initialisation.

    Returns:
        ``Linear(20, 16) -> Tanh``.
    """
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(IN_DIM, HIDDEN), nn.Tanh())


def fit(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    steps: int,
    on_step: Callable[[], None] | None = None,
) -> None:
    """Full-batch Adam on the mean squared error, over the parameters that require gradients.

    Args:
        model: The network.
        x: Inputs.
        y: Targets.
        steps: Number of optimizer steps.
        on_step: Optional callback, called after every step.
    """
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=LR)
    for _ in range(steps):
        loss = F.mse_loss(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if on_step is not None:
            on_step()


@functools.cache
def pretrain() -> tuple[nn.Sequential, float]:
    """Pretrain body + an 8-output head on the source task (computed once).

    Returns:
        ``(body, final training MSE on the source task)``; the source head is discarded.
    """
    x, y = task_data("source", N_SOURCE, seed=1)
    model = nn.Sequential(make_body(seed=0), nn.Linear(HIDDEN, SOURCE_OUTPUTS))
    with _one_thread():
        fit(model, x, y, PRETRAIN_STEPS)
        with torch.no_grad():
            loss = F.mse_loss(model(x), y).item()
    return model[0], loss


def pretrained_body() -> nn.Sequential:
    """The body after pretraining on the source task.

    Returns:
        The trained ``Linear -> Tanh`` body.
    """
    return pretrain()[0]


# --8<-- [start:three-ways]
def target_model(mode: str) -> nn.Sequential:
    """A network for the target task, started in one of three ways.

    Args:
        mode: ``"scratch"``: random body; ``"fine-tune"``: pretrained
            body, everything trains; ``"feature extraction"``: pretrained
            body, frozen, only the head trains.

    Returns:
        ``nn.Sequential(body, head)`` with a new, random head.
    """
    pretrained = mode != "scratch"
    # deepcopy: training the copy must not change the shared pretrained body
    body = copy.deepcopy(pretrained_body()) if pretrained else make_body(seed=1)
    if mode == "feature extraction":
        body.requires_grad_(False)  # frozen: no gradients, no updates
    torch.manual_seed(5)
    return nn.Sequential(body, nn.Linear(HIDDEN, 1))


# --8<-- [end:three-ways]


@functools.cache
def study() -> dict[str, tuple[tuple[float, ...], float, int]]:
    """Train the three target models on the 16 target examples and follow the held-out loss.

    Returns:
        For each mode: (held-out MSE before each step and after the last, final training MSE,
        number of trained parameters).
    """
    x, y = task_data("target", N_TARGET, seed=2)
    x_test, y_test = task_data("target", N_TEST, seed=3)
    results = {}
    with _one_thread():
        for mode in MODES:
            model = target_model(mode)
            curve = []

            def held_out(model: nn.Module = model, curve: list = curve) -> None:
                with torch.no_grad():
                    curve.append(F.mse_loss(model(x_test), y_test).item())

            held_out()
            fit(model, x, y, TARGET_STEPS, on_step=held_out)
            with torch.no_grad():
                train_loss = F.mse_loss(model(x), y).item()
            trained = sum(p.numel() for p in model.parameters() if p.requires_grad)
            results[mode] = (tuple(curve), train_loss, trained)
    return results


def plot_study():
    """Held-out loss on the target task against the step, for the three ways to start."""
    from matplotlib.figure import Figure

    results = study()
    fig = Figure(figsize=(5, 3.6), layout="constrained")
    ax = fig.add_subplot()
    for mode in MODES:
        ax.plot(range(TARGET_STEPS + 1), results[mode][0], label=mode)
    ax.set_yscale("log")
    ax.set_xlabel("step on the target task (16 examples)")
    ax.set_ylabel("held-out MSE")
    ax.legend(loc="lower left")
    return fig


FIGURES = {"transfer-learning-held-out": plot_study}


def main() -> None:
    """Print the comparison stated on the transfer-learning page."""
    source_var = task_data("source", N_SOURCE, seed=1)[1].var().item()
    print(
        f"source: {N_SOURCE} examples, {PRETRAIN_STEPS} steps; training MSE {pretrain()[1]:.4f}"
        f" (target variance {source_var:.4f})"
    )
    _, y_test = task_data("target", N_TEST, seed=3)
    print(f"target: {N_TARGET} examples; variance of the held-out targets {y_test.var():.4f}")
    head = f"after {TARGET_STEPS} steps:"
    print(f"{head:<22}{'trained params':>14}  {'train MSE':>9}  {'held-out MSE':>12}")
    for mode, (curve, train_loss, trained) in study().items():
        print(f"  {mode:<18}  {trained:>14}  {train_loss:9.4f}  {curve[-1]:12.4f}")


if __name__ == "__main__":
    main()
