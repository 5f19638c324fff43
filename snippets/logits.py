"""Logits (未归一化分数): the raw scores a classifier outputs before the softmax or sigmoid.

Run ``python -m snippets.logits`` from the repository root to print the facts the logits page
states: only differences between logits matter, log-softmax must be computed from logits, a
binary logit is a log-odds, and a softmax applied twice caps what the loss can reach.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:softmax]
def softmax(z: torch.Tensor) -> torch.Tensor:
    """Softmax over the last dimension, computed stably.

    Subtracting the largest logit changes nothing mathematically (the
    softmax ignores a constant shift) but keeps ``exp`` from overflowing.

    Args:
        z: Logits, shape ``(..., K)``.

    Returns:
        Probabilities of the same shape; each row is positive and sums to 1.
    """
    shifted = z - z.max(dim=-1, keepdim=True).values
    e = shifted.exp()
    return e / e.sum(dim=-1, keepdim=True)


def log_softmax(z: torch.Tensor) -> torch.Tensor:
    """Log-probabilities straight from the logits: ``z - logsumexp(z)``.

    Args:
        z: Logits, shape ``(..., K)``.

    Returns:
        ``log(softmax(z))``, without forming a probability that could
        underflow to 0.
    """
    m = z.max(dim=-1, keepdim=True).values
    return z - m - (z - m).exp().sum(dim=-1, keepdim=True).log()


# --8<-- [end:softmax]


# --8<-- [start:log-odds]
def logit(p: torch.Tensor) -> torch.Tensor:
    """The logit function, inverse of the sigmoid: ``log(p / (1 - p))``.

    Args:
        p: Probabilities in (0, 1).

    Returns:
        Real numbers; 0 for p = 0.5, positive above it, negative below it.
    """
    return torch.log(p) - torch.log1p(-p)


# --8<-- [end:log-odds]


def naive_log_softmax(z: torch.Tensor) -> torch.Tensor:
    """``log(softmax(z))`` in two steps: a probability that underflows to 0 becomes ``-inf``.

    Args:
        z: Logits, shape ``(..., K)``.

    Returns:
        The log of the (stable) softmax, with the underflow the two-step route suffers.
    """
    return softmax(z).log()


def double_softmax_floor(num_classes: int) -> float:
    """Lowest cross-entropy reachable when the "logits" fed to it are already probabilities.

    A softmax over inputs confined to [0, 1] can give the correct class at most
    ``e / (e + K - 1)``, reached by the perfect prediction (1 for the class, 0 elsewhere).

    Args:
        num_classes: Number of classes ``K``.

    Returns:
        ``log(1 + (K - 1) / e)``, the floor of the loss.
    """
    return math.log(1 + (num_classes - 1) / math.e)


def _fmt(t: torch.Tensor) -> str:
    return "(" + ", ".join(f"{round(v, 4) + 0.0:.4f}" for v in t.tolist()) + ")"


def main() -> None:
    """Print the facts stated on the logits page."""
    z = torch.tensor([2.0, 1.0, 0.0], dtype=DTYPE)
    print(f"logits {_fmt(z)} -> softmax {_fmt(softmax(z))}")
    print(f"logits {_fmt(z + 100)} -> softmax {_fmt(softmax(z + 100))}")
    print(f"logits {_fmt(2 * z)} -> softmax {_fmt(softmax(2 * z))}")
    log_p = log_softmax(z)
    print(f"log-probabilities {_fmt(log_p)}; logits minus them {_fmt(z - log_p)}")

    big = torch.tensor([1000.0, 0.0], dtype=DTYPE)
    print(f"logits (1000, 0): log(softmax) = {_fmt(naive_log_softmax(big))}")
    print(f"logits (1000, 0): log_softmax  = {_fmt(log_softmax(big))}")

    for p in (0.5, 0.9, 0.99, 0.999):
        print(f"p = {p:<5}: logit = log-odds = {logit(torch.tensor(p, dtype=DTYPE)).item():.4f}")
    pair = torch.tensor([1.7, -0.4], dtype=DTYPE)
    two_class = softmax(pair)[0].item()
    sig = torch.sigmoid(pair[0] - pair[1]).item()
    print(f"two classes {_fmt(pair)}: softmax[0] = {two_class:.4f}, sigmoid(z0 - z1) = {sig:.4f}")

    k = 10
    perfect = F.one_hot(torch.tensor([3]), k).to(DTYPE)
    print(
        f"K = {k}, perfect probabilities fed as logits: cross_entropy ="
        f" {F.cross_entropy(perfect, torch.tensor([3])).item():.4f}"
        f" (floor log(1 + 9/e) = {double_softmax_floor(k):.4f})"
    )


if __name__ == "__main__":
    main()
