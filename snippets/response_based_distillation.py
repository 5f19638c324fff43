"""Response-based (logit) distillation: the student matches the teacher's softened logits.

Run ``python -m snippets.response_based_distillation`` from the repository root to print the
facts the response-based-distillation page states.
"""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:kd-loss]
def kd_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    y: torch.Tensor,
    temperature: float = 4.0,
    alpha: float = 0.9,
) -> torch.Tensor:
    """alpha * T^2 * KL(p_T^teacher || p_T^student) + (1 - alpha) * CE(student, y).

    Args:
        student_logits: z, shape ``(N, K)``.
        teacher_logits: v, shape ``(N, K)``; a constant target.
        y: Hard labels, shape ``(N,)``.
        temperature: T, shared by teacher and student.
        alpha: Weight of the soft term.

    Returns:
        A scalar tensor.
    """
    t = temperature
    soft = F.kl_div(
        F.log_softmax(student_logits / t, dim=-1),  # input: the student's LOG-probabilities
        F.softmax(teacher_logits.detach() / t, dim=-1),  # target: the teacher's probabilities
        reduction="batchmean",  # sum over classes, mean over the batch: the true KL
    )
    hard = F.cross_entropy(student_logits, y)  # at T = 1
    return alpha * t * t * soft + (1.0 - alpha) * hard


# --8<-- [end:kd-loss]


# --8<-- [start:kl-div-order]
def kl(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """KL(p || q) = sum p (log p - log q), averaged over the rows."""
    return (p * (p.log() - q.log())).sum(dim=-1).mean()


def kl_div_calls(z: torch.Tensor, v: torch.Tensor, temperature: float) -> dict[str, float]:
    """The right F.kl_div call and three common wrong ones, for student z and teacher v.

    Args:
        z: Student logits, shape ``(N, K)``.
        v: Teacher logits, shape ``(N, K)``.
        temperature: T.

    Returns:
        Each call's value, next to the intended KL(p_teacher || p_student).
    """
    p_s = F.softmax(z / temperature, dim=-1)
    p_t = F.softmax(v / temperature, dim=-1)
    with warnings.catch_warnings():  # PyTorch warns that "mean" is not the true KL
        warnings.simplefilter("ignore", UserWarning)
        mean = F.kl_div(p_s.log(), p_t, reduction="mean").item()
    return {
        "intended KL(teacher || student)": kl(p_t, p_s).item(),
        "kl_div(log p_s, p_t, batchmean)": F.kl_div(p_s.log(), p_t, reduction="batchmean").item(),
        "kl_div(log p_t, p_s) [swapped]": F.kl_div(p_t.log(), p_s, reduction="batchmean").item(),
        "kl_div(p_s, p_t) [no log]": F.kl_div(p_s, p_t, reduction="batchmean").item(),
        "kl_div(log p_s, p_t, mean)": mean,
    }


# --8<-- [end:kl-div-order]


# --8<-- [start:logit-matching]
def logit_matching_gap(z: torch.Tensor, v: torch.Tensor, temperature: float) -> float:
    """How far T^2 * dKL/dz is from the logit-matching gradient (z - v) / K.

    Both logit vectors are centred first (zero mean per row), as in Hinton et al.'s
    high-temperature argument.

    Args:
        z: Student logits, shape ``(K,)``.
        v: Teacher logits, shape ``(K,)``.
        temperature: T.

    Returns:
        The largest absolute difference between the two gradients.
    """
    z = (z - z.mean()).detach().requires_grad_()
    v = v - v.mean()
    t = temperature
    loss = t * t * kl(F.softmax(v / t, dim=-1), F.softmax(z / t, dim=-1))
    (grad,) = torch.autograd.grad(loss, z)
    return (grad - (z - v) / len(z)).abs().max().item()


# --8<-- [end:logit-matching]


# --8<-- [start:soften-logits]
def soften(scores: torch.Tensor, temperature: float) -> torch.Tensor:
    """softmax(scores / T). Meant for logits; applied to probabilities it gives nonsense."""
    return F.softmax(scores / temperature, dim=-1)


# --8<-- [end:soften-logits]


def example() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Seeded student logits, teacher logits and labels: shapes (4, 5), (4, 5), (4,)."""
    gen = torch.Generator().manual_seed(0)
    z = torch.randn(4, 5, generator=gen, dtype=DTYPE)
    v = 3.0 * torch.randn(4, 5, generator=gen, dtype=DTYPE)
    return z, v, v.argmax(dim=-1)


def _fmt(p: torch.Tensor) -> str:
    return "[" + ", ".join(f"{x:.4f}" for x in p.tolist()) + "]"


def main() -> None:
    """Print the facts stated on the response-based-distillation page."""
    z, v, y = example()
    print(f"kd_loss(T=4, alpha=0.9) = {kd_loss(z, v, y).item():.4f}")
    print(f"kd_loss(z = v) soft part: {kd_loss(v, v, y, alpha=1.0).item():.4f}")
    print("F.kl_div calls at T = 4:")
    for name, value in kl_div_calls(z, v, 4.0).items():
        print(f"  {name:<34} {value:+.4f}")
    print("max |T^2 dKL/dz - (z - v)/K| for one example:")
    for t in (1.0, 10.0, 100.0, 1000.0):
        print(f"  T = {t:>6g}: {logit_matching_gap(z[0], v[0], t):.2e}")
    logits = torch.tensor([5.0, 2.7, 0.8], dtype=DTYPE)
    probs = torch.softmax(logits, dim=-1)
    print(f"teacher logits {_fmt(logits)} -> probabilities {_fmt(probs)}")
    print(f"  soften(logits, T=4)        = {_fmt(soften(logits, 4.0))}")
    print(f"  soften(probabilities, T=4) = {_fmt(soften(probs, 4.0))}")


if __name__ == "__main__":
    main()
