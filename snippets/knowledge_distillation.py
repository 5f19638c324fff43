"""Knowledge distillation: a small student learns from a larger teacher's softened outputs.

Run ``python -m snippets.knowledge_distillation`` from the repository root to print the facts
the knowledge-distillation page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float64
TEMPERATURES = (1.0, 2.0, 5.0, 10.0, 20.0)


# --8<-- [start:soft-loss]
def soft_target_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    temperature: float,
    scale_by_t2: bool = True,
) -> torch.Tensor:
    """Hinton's soft-target term: T^2 * KL(softmax(v / T) || softmax(z / T)), batch mean.

    Args:
        student_logits: z, shape ``(N, K)``.
        teacher_logits: v, shape ``(N, K)``; treated as a constant target.
        temperature: T > 0, the same for teacher and student.
        scale_by_t2: Multiply by T^2 (Hinton et al.) so gradients keep their size as T changes.

    Returns:
        A scalar tensor.
    """
    log_p_student = F.log_softmax(student_logits / temperature, dim=-1)
    p_teacher = F.softmax(teacher_logits.detach() / temperature, dim=-1)
    loss = F.kl_div(log_p_student, p_teacher, reduction="batchmean")
    return loss * temperature**2 if scale_by_t2 else loss


# --8<-- [end:soft-loss]


# --8<-- [start:t-squared]
def soft_gradient(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    temperature: float,
    scale_by_t2: bool,
) -> torch.Tensor:
    """Gradient of soft_target_loss with respect to the student's logits, by autograd.

    Args:
        student_logits: z, shape ``(N, K)``.
        teacher_logits: v, shape ``(N, K)``.
        temperature: T.
        scale_by_t2: Whether the loss is multiplied by T^2.

    Returns:
        The gradient, shape ``(N, K)``. Without the T^2 factor it is
        (softmax(z / T) - softmax(v / T)) / (N T).
    """
    z = student_logits.detach().clone().requires_grad_()
    soft_target_loss(z, teacher_logits, temperature, scale_by_t2).backward()
    return z.grad


# --8<-- [end:t-squared]


# --8<-- [start:offline-step]
def offline_distillation_step(
    teacher: nn.Module,
    student: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    temperature: float = 4.0,
    alpha: float = 0.9,
    lr: float = 1.0,
) -> float:
    """One step of offline distillation: the trained teacher is frozen, only the student learns.

    The same batch (x, y) feeds both terms: the transfer set is simply the training set.

    Args:
        teacher: Trained model; left unchanged.
        student: Model being trained.
        x: Inputs, shape ``(N, D)``.
        y: Hard labels, shape ``(N,)``.
        temperature: T for the soft-target term.
        alpha: Weight of the soft-target term; 1 - alpha weights the hard-label term.
        lr: Learning rate of the plain SGD update applied to the student.

    Returns:
        The loss before the update.
    """
    teacher.eval()
    with torch.no_grad():
        teacher_logits = teacher(x)
    student_logits = student(x)
    soft = soft_target_loss(student_logits, teacher_logits, temperature)
    hard = F.cross_entropy(student_logits, y)
    loss = alpha * soft + (1.0 - alpha) * hard
    loss.backward()
    with torch.no_grad():  # plain SGD on the student; the teacher has no gradients
        for p in student.parameters():
            p -= lr * p.grad
            p.grad = None
    return loss.item()


# --8<-- [end:offline-step]


def example_logits() -> tuple[torch.Tensor, torch.Tensor]:
    """Seeded student and teacher logits, shape (4, 10), float64."""
    gen = torch.Generator().manual_seed(0)
    student = torch.randn(4, 10, generator=gen, dtype=DTYPE)
    teacher = 2.0 * torch.randn(4, 10, generator=gen, dtype=DTYPE)
    return student, teacher


def gradient_norms(
    temperatures: tuple[float, ...] = TEMPERATURES,
) -> dict[float, tuple[float, float]]:
    """Norm of the soft-target gradient without and with the T^2 factor, for each T.

    Args:
        temperatures: The temperatures to evaluate.

    Returns:
        ``{T: (norm without T^2, norm with T^2)}`` for the example logits.
    """
    z, v = example_logits()
    return {
        t: (
            soft_gradient(z, v, t, scale_by_t2=False).norm().item(),
            soft_gradient(z, v, t, scale_by_t2=True).norm().item(),
        )
        for t in temperatures
    }


def toy_models(seed: int = 0) -> tuple[nn.Module, nn.Module, torch.Tensor, torch.Tensor]:
    """A seeded teacher MLP, a smaller linear student and a batch labelled by the teacher.

    Args:
        seed: Seed for weights and data.

    Returns:
        ``(teacher, student, x, y)``, all float64.
    """
    torch.manual_seed(seed)
    teacher = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 5)).to(DTYPE)
    student = nn.Linear(8, 5).to(DTYPE)
    x = torch.randn(64, 8, dtype=DTYPE)
    with torch.no_grad():
        y = teacher(x).argmax(dim=-1)
    return teacher, student, x, y


def agreement(teacher: nn.Module, student: nn.Module, x: torch.Tensor) -> float:
    """Fraction of inputs on which student and teacher predict the same class."""
    with torch.no_grad():
        return (teacher(x).argmax(-1) == student(x).argmax(-1)).double().mean().item()


def main() -> None:
    """Print the facts stated on the knowledge-distillation page."""
    print("soft-target gradient norm for the same logits:")
    norms = gradient_norms()
    for t, (plain, scaled) in norms.items():
        print(f"  T = {t:>4g}: without T^2 {plain:.3e}   with T^2 {scaled:.4f}")
    ratio_plain = norms[10.0][0] / norms[20.0][0]
    ratio_scaled = norms[10.0][1] / norms[20.0][1]
    print(
        f"norm at T=10 / norm at T=20: without T^2 {ratio_plain:.2f}, with T^2 {ratio_scaled:.2f}"
    )
    teacher, student, x, y = toy_models()
    before = [p.clone() for p in teacher.parameters()]
    start = agreement(teacher, student, x)
    losses = [offline_distillation_step(teacher, student, x, y) for _ in range(30)]
    unchanged = all(torch.equal(a, b) for a, b in zip(before, teacher.parameters(), strict=True))
    print(f"offline KD, 30 steps: loss {losses[0]:.4f} -> {losses[-1]:.4f}")
    print(f"student agrees with teacher: {start:.2f} -> {agreement(teacher, student, x):.2f}")
    print(f"teacher unchanged: {unchanged}")


if __name__ == "__main__":
    main()
