"""Hard labels: one class index per example, i.e. a one-hot target for the cross-entropy.

Run ``python -m snippets.hard_label`` from the repository root to print the facts the
hard-label page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:hard-ce]
def one_hot(y: torch.Tensor, num_classes: int) -> torch.Tensor:
    """One-hot rows: 1 at the labelled class, 0 elsewhere.

    Args:
        y: Class indices, shape ``(N,)``, integer dtype.
        num_classes: K, the number of classes.

    Returns:
        A float64 tensor of shape ``(N, K)``.
    """
    return torch.zeros(len(y), num_classes, dtype=DTYPE).scatter_(1, y[:, None], 1.0)


def hard_cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against hard labels: the mean of -log p_y over the batch.

    Args:
        logits: Shape ``(N, K)``.
        y: Class indices, shape ``(N,)``.

    Returns:
        A scalar tensor.
    """
    log_p = torch.log_softmax(logits, dim=-1)
    return -log_p.gather(1, y[:, None]).mean()


# --8<-- [end:hard-ce]


# --8<-- [start:no-minimum]
def loss_at_margin(margin: float, num_classes: int) -> float:
    """Hard-label loss when the true logit leads every other logit by ``margin``.

    With logits (m, 0, ..., 0) and label 0 the loss is log(1 + (K - 1) e^{-m}):
    positive for every finite m, so gradient descent keeps pushing the margin up.

    Args:
        margin: m, the lead of the true class's logit.
        num_classes: K.

    Returns:
        The loss, a Python float.
    """
    logits = torch.zeros(1, num_classes, dtype=DTYPE)
    logits[0, 0] = margin
    return hard_cross_entropy(logits, torch.tensor([0])).item()


def logit_gradient(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Gradient of the summed hard-label loss with respect to the logits: p - onehot(y).

    Args:
        logits: Shape ``(N, K)``.
        y: Class indices, shape ``(N,)``.

    Returns:
        Shape ``(N, K)``; never exactly zero for finite logits.
    """
    return torch.softmax(logits, dim=-1) - one_hot(y, logits.shape[-1])


# --8<-- [end:no-minimum]


# --8<-- [start:harden]
def harden(q: torch.Tensor) -> torch.Tensor:
    """Turn probability rows into hard labels (the argmax): the rest of each row is lost.

    Args:
        q: Probabilities, shape ``(N, K)``.

    Returns:
        Class indices, shape ``(N,)``.
    """
    return q.argmax(dim=-1)


# --8<-- [end:harden]


def main() -> None:
    """Print the facts stated on the hard-label page."""
    torch.manual_seed(0)
    logits = torch.randn(4, 3, dtype=DTYPE)
    y = torch.tensor([0, 2, 1, 2])
    print(f"one_hot({y.tolist()}, 3) = {one_hot(y, 3).int().tolist()}")
    ours = hard_cross_entropy(logits, y).item()
    by_index = F.cross_entropy(logits, y).item()
    by_one_hot = F.cross_entropy(logits, one_hot(y, 3)).item()
    print(f"hard CE: ours {ours:.6f}, index target {by_index:.6f}, one-hot target {by_one_hot:.6f}")
    for m in (0.0, 2.0, 5.0, 10.0, 20.0):
        print(f"margin {m:>4g}: loss = {loss_at_margin(m, 10):.3e}")
    grad = logit_gradient(torch.tensor([[20.0, 0.0, 0.0]], dtype=DTYPE), torch.tensor([0]))
    print(f"gradient at margin 20 (K = 3): {[f'{g:.2e}' for g in grad[0].tolist()]}")
    q = torch.tensor([[0.70, 0.25, 0.05], [0.70, 0.05, 0.25]], dtype=DTYPE)
    print(f"two different soft labels {q.tolist()} harden to {harden(q).tolist()}")


if __name__ == "__main__":
    main()
