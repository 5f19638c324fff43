"""Self-distillation (自蒸馏): deep exit teaches shallow exit; a snapshot teaches its successor.

Run ``python -m snippets.self_distillation`` from the repository root to print the facts the
self-distillation page states.
"""

from __future__ import annotations

import copy
import functools
import math

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float64


class TwoExitNet(nn.Module):
    """A body in two sections with a classifier after each ("Be Your Own Teacher" in miniature).

    The shallow exit has a bottleneck whose output has the deep feature's size, for the hint term.
    """

    def __init__(self) -> None:
        super().__init__()
        self.section1 = nn.Sequential(nn.Linear(4, 16), nn.ReLU())
        self.section2 = nn.Sequential(nn.Linear(16, 16), nn.ReLU())
        self.bottleneck = nn.Linear(16, 16)
        self.shallow_head = nn.Linear(16, 3)
        self.deep_head = nn.Linear(16, 3)

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """Both exits' logits and features."""
        h1 = self.section1(x)
        h2 = self.section2(h1)
        f1 = self.bottleneck(h1)
        return {
            "shallow_logits": self.shallow_head(f1),
            "deep_logits": self.deep_head(h2),
            "shallow_feat": f1,
            "deep_feat": h2,
        }


# --8<-- [start:byot-loss]
def self_distillation_terms(
    out: dict[str, torch.Tensor], temperature: float = 3.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The two teacher terms of Be Your Own Teacher for one shallow exit.

    Args:
        out: The outputs of :class:`TwoExitNet`.
        temperature: T of the softened distributions.

    Returns:
        ``(kl, hint)``: ``T^2 * KL(q_deep || q_shallow)`` and the squared L2 distance between the
        shallow and the deep features. The deep side is detached: it teaches, it is not taught.
    """
    q_deep = F.softmax(out["deep_logits"].detach() / temperature, dim=-1)
    log_q_shallow = F.log_softmax(out["shallow_logits"] / temperature, dim=-1)
    kl = F.kl_div(log_q_shallow, q_deep, reduction="batchmean") * temperature**2
    hint = (out["shallow_feat"] - out["deep_feat"].detach()).pow(2).sum(dim=1).mean()
    return kl, hint


def self_distillation_loss(
    out: dict[str, torch.Tensor], y: torch.Tensor, alpha: float = 0.5, lam: float = 0.05
) -> torch.Tensor:
    """Both exits learn the labels; the shallow exit also learns from the deep one.

    Args:
        out: The outputs of :class:`TwoExitNet`.
        y: Hard labels ``(N,)``.
        alpha: Share of the shallow exit's classification loss given to the KL term.
        lam: Weight of the feature hint.

    Returns:
        ``CE(deep) + (1 - alpha) CE(shallow) + alpha KL + lam hint``.
    """
    kl, hint = self_distillation_terms(out)
    shallow_ce = F.cross_entropy(out["shallow_logits"], y)
    return (
        F.cross_entropy(out["deep_logits"], y) + (1 - alpha) * shallow_ce + alpha * kl + lam * hint
    )


# --8<-- [end:byot-loss]


# --8<-- [start:snapshot]
def snapshot_teacher(model: nn.Module) -> nn.Module:
    """Freeze a copy of the model as it is now: the teacher of the next cycle or generation.

    Args:
        model: The network being trained.

    Returns:
        A frozen deep copy in ``eval()`` mode; later updates of ``model`` do not affect it.
    """
    teacher = copy.deepcopy(model).eval()
    teacher.requires_grad_(False)
    return teacher


# --8<-- [end:snapshot]


def toy_batch(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """64 seeded points in 4-d with labels from a fixed random linear rule (3 classes)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g, dtype=DTYPE)
    w = torch.randn(4, 3, generator=g, dtype=DTYPE)
    return x, (x @ w).argmax(dim=1)


def make_net(seed: int = 0) -> TwoExitNet:
    """A seeded :class:`TwoExitNet` in float64."""
    torch.manual_seed(seed)
    return TwoExitNet().to(DTYPE)


def teacher_term_gradients() -> dict[str, float]:
    """Backpropagate only the KL and hint terms; report the gradient norm each part receives."""
    net = make_net()
    x, _ = toy_batch()
    kl, hint = self_distillation_terms(net(x))
    (kl + hint).backward()

    def norm(module: nn.Module) -> float:
        grads = [p.grad.norm() for p in module.parameters() if p.grad is not None]
        return torch.stack(grads).norm().item() if grads else 0.0

    return {
        "deep head": norm(net.deep_head),
        "section 2": norm(net.section2),
        "shallow head": norm(net.shallow_head),
        "section 1": norm(net.section1),
    }


@functools.cache  # main() and the tests share this result
def train_exits(steps: int = 150, lr: float = 0.2) -> dict[str, float]:
    """Train the two-exit net with the self-distillation loss; report both exits' accuracy."""
    net = make_net()
    x, y = toy_batch()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: extra threads only cost time on a busy machine
    try:
        _train(net, x, y, steps, lr)
    finally:
        torch.set_num_threads(threads)
    with torch.no_grad():
        out = net(x)
    return {
        name: (out[f"{name}_logits"].argmax(1) == y).double().mean().item()
        for name in ("shallow", "deep")
    }


def _train(net: TwoExitNet, x: torch.Tensor, y: torch.Tensor, steps: int, lr: float) -> None:
    for _ in range(steps):
        net.zero_grad()
        self_distillation_loss(net(x), y).backward()
        with torch.no_grad():
            for p in net.parameters():
                p -= lr * p.grad


def snapshot_demo(steps: int = 10, lr: float = 0.2) -> tuple[bool, bool]:
    """Train on CE + KL to a frozen snapshot; did the snapshot stay put, did the model move?"""
    model = make_net()
    x, y = toy_batch()
    teacher = snapshot_teacher(model)
    frozen = [p.clone() for p in teacher.parameters()]
    for _ in range(steps):
        model.zero_grad()
        logits = model(x)["deep_logits"]
        with torch.no_grad():
            target = F.softmax(teacher(x)["deep_logits"], dim=-1)
        loss = F.cross_entropy(logits, y) + F.kl_div(
            F.log_softmax(logits, dim=-1), target, reduction="batchmean"
        )
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                if p.grad is not None:  # the shallow exit is not used here
                    p -= lr * p.grad
    teacher_same = all(torch.equal(a, b) for a, b in zip(frozen, teacher.parameters(), strict=True))
    model_moved = any(
        not torch.equal(a, b) for a, b in zip(frozen, model.parameters(), strict=True)
    )
    return teacher_same, model_moved


def cyclic_schedule(
    cycles: int = 3, steps_per_cycle: int = 40, peak: float = 0.1
) -> tuple[list[float], list[int]]:
    """A cyclic cosine learning rate and the steps where a snapshot teacher is taken.

    Args:
        cycles: Number of cycles.
        steps_per_cycle: Steps in each cycle.
        peak: Learning rate at the start of every cycle.

    Returns:
        ``(learning rates, snapshot steps)``: the rate falls from ``peak`` to 0 in every cycle, and
        a snapshot is taken at the last step of each cycle but the final one.
    """
    rates = [
        0.5 * peak * (1 + math.cos(math.pi * (t % steps_per_cycle) / (steps_per_cycle - 1)))
        for t in range(cycles * steps_per_cycle)
    ]
    snapshots = [c * steps_per_cycle - 1 for c in range(1, cycles)]
    return rates, snapshots


def plot_snapshots():
    """Cyclic learning rate with the snapshot points marked; each teaches the next cycle."""
    from matplotlib.figure import Figure

    rates, snapshots = cyclic_schedule()
    fig = Figure(figsize=(4.8, 2.6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(range(len(rates)), rates, label="learning rate")
    ax.plot(snapshots, [rates[s] for s in snapshots], "o", markersize=8, label="snapshot = teacher")
    ax.set_xlabel("training step")
    ax.set_ylabel("learning rate")
    ax.set_ylim(-0.005, 0.14)
    ax.legend(loc="upper center", ncols=2)
    return fig


FIGURES = {"self-distillation-snapshots": plot_snapshots}


def main() -> None:
    """Print where the teacher terms send gradients, the exits' accuracy and the snapshot check."""
    print("gradient norm from the KL + hint terms alone:")
    for part, value in teacher_term_gradients().items():
        print(f"  {part:<12s} {value:.4f}")
    accuracy = train_exits()
    print(
        f"after 150 steps, training accuracy: shallow exit {accuracy['shallow']:.3f},"
        f" deep exit {accuracy['deep']:.3f}"
    )
    teacher_same, model_moved = snapshot_demo()
    print(f"snapshot teacher unchanged after 10 steps: {teacher_same}; model moved: {model_moved}")
    rates, snapshots = cyclic_schedule()
    print(f"cyclic schedule, 3 cycles of 40 steps: snapshots at steps {snapshots}")
    print(f"  learning rate there: {[round(rates[s], 4) + 0.0 for s in snapshots]}")


if __name__ == "__main__":
    main()
