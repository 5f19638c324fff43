"""Offline distillation (离线蒸馏): a trained, frozen teacher; only the student learns.

Run ``python -m snippets.offline_distillation`` from the repository root to print the facts the
offline-distillation page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from snippets.knowledge_distillation import soft_target_loss

DTYPE = torch.float64


# --8<-- [start:freeze]
def freeze(teacher: nn.Module) -> nn.Module:
    """Freeze a trained teacher: no parameter gradients, and BatchNorm uses its stored statistics.

    Args:
        teacher: The trained model.

    Returns:
        The same module, in ``eval()`` mode with ``requires_grad`` off.
    """
    teacher.eval()
    teacher.requires_grad_(False)
    return teacher


def cache_teacher_logits(teacher: nn.Module, batches: list[torch.Tensor]) -> list[torch.Tensor]:
    """Run the frozen teacher once over the transfer set and keep its logits.

    Only valid when every epoch feeds the student exactly these inputs (no random augmentation).

    Args:
        teacher: A frozen teacher.
        batches: The input batches of the transfer set.

    Returns:
        One logits tensor per batch.
    """
    with torch.no_grad():
        return [teacher(x) for x in batches]


# --8<-- [end:freeze]


# --8<-- [start:student-step]
def student_step(
    student: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    teacher_logits: torch.Tensor,
    temperature: float = 4.0,
    alpha: float = 0.9,
    lr: float = 0.5,
) -> float:
    """One SGD step of the student on Hinton's loss, given the teacher's logits for this batch.

    Args:
        student: The model being trained.
        x: Inputs ``(N, D)``.
        y: Hard labels ``(N,)``.
        teacher_logits: The frozen teacher's logits for ``x``, computed now or cached.
        temperature: T of the soft-target term.
        alpha: Weight of the soft-target term.
        lr: Step size.

    Returns:
        The loss before the step.
    """
    logits = student(x)
    loss = alpha * soft_target_loss(logits, teacher_logits, temperature)
    loss = loss + (1 - alpha) * F.cross_entropy(logits, y)
    student.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in student.parameters():
            p -= lr * p.grad
    return loss.item()


# --8<-- [end:student-step]


def setup(seed: int = 0) -> tuple[nn.Module, nn.Module, list[torch.Tensor], list[torch.Tensor]]:
    """A seeded teacher MLP with BatchNorm, a linear student and four labelled batches.

    Returns:
        ``(teacher, student, xs, ys)``; the labels are the teacher's own predictions.
    """
    torch.manual_seed(seed)
    teacher = nn.Sequential(nn.Linear(8, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 5))
    teacher = teacher.to(DTYPE)
    with torch.no_grad():  # give the BatchNorm layer non-trivial stored statistics
        teacher[1].running_mean.uniform_(-0.5, 0.5)
        teacher[1].running_var.uniform_(0.5, 2.0)
    student = nn.Linear(8, 5).to(DTYPE)
    xs = [torch.randn(16, 8, dtype=DTYPE) for _ in range(4)]
    teacher.eval()
    with torch.no_grad():
        ys = [teacher(x).argmax(dim=-1) for x in xs]
    return teacher, student, xs, ys


def train(epochs: int = 3, cached: bool = False) -> dict[str, object]:
    """Distil for a few epochs, either calling the teacher every step or using cached logits.

    Args:
        epochs: Passes over the four batches.
        cached: Use :func:`cache_teacher_logits` once instead of a teacher forward per step.

    Returns:
        The student, the teacher, the number of teacher forward passes, first and last loss, and
        whether every teacher parameter and BatchNorm buffer is bit-identical afterwards.
    """
    teacher, student, xs, ys = setup()
    state = {k: v.clone() for k, v in teacher.state_dict().items()}
    calls = []
    teacher.register_forward_hook(lambda *_: calls.append(1))
    freeze(teacher)
    logits = cache_teacher_logits(teacher, xs) if cached else None
    losses = []
    for _ in range(epochs):
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            if cached:
                target = logits[i]
            else:
                with torch.no_grad():
                    target = teacher(x)
            losses.append(student_step(student, x, y, target))
    unchanged = all(torch.equal(v, teacher.state_dict()[k]) for k, v in state.items())
    return {
        "student": student,
        "teacher_forwards": len(calls),
        "first_loss": losses[0],
        "last_loss": losses[-1],
        "teacher_unchanged": unchanged,
    }


def forgotten_eval_drift() -> float:
    """Run the teacher under ``no_grad`` but in ``train()`` mode on one batch.

    Returns:
        The largest change of BatchNorm's running mean: not 0, the "frozen" teacher moved.
    """
    teacher, _, xs, _ = setup()
    teacher.requires_grad_(False)
    teacher.train()
    before = teacher[1].running_mean.clone()
    with torch.no_grad():
        teacher(xs[0])
    return (teacher[1].running_mean - before).abs().max().item()


def main() -> None:
    """Compare on-the-fly and cached teacher logits, and show the forgotten-eval() pitfall."""
    live, cached = train(cached=False), train(cached=True)
    print(f"3 epochs x 4 batches, teacher forward passes: on the fly {live['teacher_forwards']}")
    print(f"  with cached logits: {cached['teacher_forwards']}")
    print(f"student loss: {live['first_loss']:.4f} -> {live['last_loss']:.4f}")
    same = all(
        torch.equal(a, b)
        for a, b in zip(live["student"].parameters(), cached["student"].parameters(), strict=True)
    )
    print(f"same student weights either way: {same}")
    print(f"teacher weights and BatchNorm buffers unchanged: {live['teacher_unchanged']}")
    print(f"teacher left in train(): BatchNorm running mean moved by {forgotten_eval_drift():.4f}")


if __name__ == "__main__":
    main()
