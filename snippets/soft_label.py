"""Soft labels: a probability distribution over the classes as the training target.

Run ``python -m snippets.soft_label`` from the repository root to print the facts the
soft-label page states.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:soft-ce]
def soft_cross_entropy(logits: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Cross-entropy H(q, p) = -sum_i q_i log p_i against soft targets, averaged over the batch.

    Args:
        logits: Shape ``(N, K)``; p = softmax(logits).
        q: Target probabilities, shape ``(N, K)``, rows summing to 1.

    Returns:
        A scalar tensor.
    """
    return -(q * torch.log_softmax(logits, dim=-1)).sum(dim=-1).mean()


def entropy(q: torch.Tensor) -> torch.Tensor:
    """Entropy H(q) = -sum q log q of every row (0 log 0 = 0)."""
    return -torch.special.xlogy(q, q).sum(dim=-1)


def kl_divergence(q: torch.Tensor, logits: torch.Tensor) -> torch.Tensor:
    """KL(q || p) = sum_i q_i (log q_i - log p_i) of every row, with p = softmax(logits)."""
    log_p = torch.log_softmax(logits, dim=-1)
    return (torch.special.xlogy(q, q) - q * log_p).sum(dim=-1)


# --8<-- [end:soft-ce]


# --8<-- [start:label-smoothing]
def smooth_labels(y: torch.Tensor, num_classes: int, eps: float) -> torch.Tensor:
    """Label smoothing: (1 - eps) * onehot(y) + eps / K.

    Args:
        y: Class indices, shape ``(N,)``.
        num_classes: K.
        eps: Smoothing strength in [0, 1].

    Returns:
        Soft targets, shape ``(N, K)``.
    """
    one_hot = F.one_hot(y, num_classes).to(DTYPE)
    return (1.0 - eps) * one_hot + eps / num_classes


def optimal_margin(num_classes: int, eps: float) -> float:
    """Logit gap at which p equals the smoothed target: log(1 + K (1 - eps) / eps).

    Args:
        num_classes: K.
        eps: Smoothing strength, 0 < eps < 1.

    Returns:
        The finite optimal lead of the true logit over each other logit.
    """
    return math.log1p(num_classes * (1.0 - eps) / eps)


# --8<-- [end:label-smoothing]


# --8<-- [start:mixup]
def mixup_target(ya: torch.Tensor, yb: torch.Tensor, lam: float, num_classes: int) -> torch.Tensor:
    """Mixup's target for the mixed input lam * xa + (1 - lam) * xb.

    Args:
        ya: Class indices of the first examples, shape ``(N,)``.
        yb: Class indices of the second examples, shape ``(N,)``.
        lam: Mixing weight in [0, 1].
        num_classes: K.

    Returns:
        lam * onehot(ya) + (1 - lam) * onehot(yb), shape ``(N, K)``.
    """
    a = F.one_hot(ya, num_classes).to(DTYPE)
    b = F.one_hot(yb, num_classes).to(DTYPE)
    return lam * a + (1.0 - lam) * b


# --8<-- [end:mixup]


def _fmt(v: torch.Tensor) -> str:
    return "[" + ", ".join(f"{x:.4f}" for x in v.tolist()) + "]"


def main() -> None:
    """Print the facts stated on the soft-label page."""
    q = torch.tensor([[0.7, 0.2, 0.1]], dtype=DTYPE)
    logits = torch.tensor([[2.0, 0.5, 0.0]], dtype=DTYPE)
    ce = soft_cross_entropy(logits, q).item()
    h, kl = entropy(q).item(), kl_divergence(q, logits).item()
    print(f"q = {_fmt(q[0])}, p = {_fmt(torch.softmax(logits, -1)[0])}")
    print(f"H(q, p) = {ce:.4f} = H(q) {h:.4f} + KL(q||p) {kl:.4f}")
    print(f"F.cross_entropy with probability targets: {F.cross_entropy(logits, q).item():.4f}")
    best = soft_cross_entropy(torch.log(q), q).item()
    print(f"at p = q: H(q, q) = {best:.4f} = H(q), the minimum")
    y = torch.tensor([0])
    target = smooth_labels(y, 4, 0.1)
    print(f"smoothed target (K = 4, eps = 0.1): {_fmt(target[0])}")
    z4 = torch.tensor([[2.0, 0.5, 0.0, -1.0]], dtype=DTYPE)
    ls = F.cross_entropy(z4, y, label_smoothing=0.1)
    ours = soft_cross_entropy(z4, target)
    print(
        f"label_smoothing=0.1: {ls.item():.4f}, soft CE on the smoothed target: {ours.item():.4f}"
    )
    print(f"optimal logit gap with eps = 0.1, K = 4: {optimal_margin(4, 0.1):.4f}")
    mixed = mixup_target(torch.tensor([0]), torch.tensor([2]), 0.8, 3)
    print(f"mixup target, lam = 0.8, classes 0 and 2: {_fmt(mixed[0])}")


if __name__ == "__main__":
    main()
