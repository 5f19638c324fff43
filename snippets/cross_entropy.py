"""Cross-entropy and KL divergence (交叉熵与 KL 散度), written by hand and checked against PyTorch.

Run ``python -m snippets.cross_entropy`` from the repository root to print the facts the
cross-entropy page states: H(p, q) = H(p) + KL(p || q), what ``F.cross_entropy`` computes, the
argument order of ``F.kl_div``, label smoothing and the gradient softmax - one-hot.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:entropy-kl]
def entropy(p: torch.Tensor) -> torch.Tensor:
    """Shannon entropy ``H(p) = -sum p log p`` in nats (0 log 0 = 0).

    Args:
        p: Probabilities, shape ``(..., K)``.

    Returns:
        Shape ``(...)``.
    """
    return -torch.special.xlogy(p, p).sum(dim=-1)


def cross_entropy(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Cross-entropy ``H(p, q) = -sum p log q``: target first, prediction second.

    Args:
        p: Target probabilities, shape ``(..., K)``.
        q: Predicted probabilities, same shape.

    Returns:
        Shape ``(...)``.
    """
    return -torch.special.xlogy(p, q).sum(dim=-1)


def kl_divergence(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """KL divergence ``KL(p || q) = sum p log(p / q)``; 0 exactly when ``p == q``.

    Args:
        p: Target probabilities, shape ``(..., K)``.
        q: Predicted probabilities, same shape.

    Returns:
        Shape ``(...)``, never negative.
    """
    return cross_entropy(p, q) - entropy(p)


# --8<-- [end:entropy-kl]


# --8<-- [start:from-logits]
def cross_entropy_from_logits(
    z: torch.Tensor,
    target: torch.Tensor,
) -> torch.Tensor:
    """What ``F.cross_entropy(z, target)`` computes.

    The batch mean of ``-log softmax(z)[target]``.

    Args:
        z: Logits, shape ``(N, K)``.
        target: Class indices, shape ``(N,)``.

    Returns:
        A scalar, the mean over the batch.
    """
    log_q = z - torch.logsumexp(z, dim=-1, keepdim=True)  # log-softmax
    return -log_q.gather(1, target[:, None]).mean()


def smoothed_target(
    target: torch.Tensor,
    num_classes: int,
    eps: float,
) -> torch.Tensor:
    """Label smoothing: ``(1 - eps) * one_hot + eps / K``.

    Args:
        target: Class indices, shape ``(N,)``.
        num_classes: Number of classes ``K``.
        eps: Smoothing amount in [0, 1).

    Returns:
        Target distributions, shape ``(N, K)``.
    """
    one_hot = F.one_hot(target, num_classes).to(DTYPE)
    return (1 - eps) * one_hot + eps / num_classes


# --8<-- [end:from-logits]


def kl_div_call(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """KL(p || q) through PyTorch: ``F.kl_div`` takes log q FIRST and p second.

    Args:
        p: Target probabilities, shape ``(N, K)``.
        q: Predicted probabilities, same shape.

    Returns:
        A scalar, summed over classes and averaged over the batch.
    """
    # --8<-- [start:kl-div]
    return F.kl_div(q.log(), p, reduction="batchmean")  # = KL(p || q)
    # --8<-- [end:kl-div]


def decomposition_data(p1: float = 0.3, n: int = 99) -> dict[str, list[float]]:
    """H(p, q), KL(p || q) and H(p) for a fixed two-class p = (p1, 1 - p1) as q1 varies.

    Args:
        p1: First probability of the fixed target.
        n: Number of q1 values, evenly spaced in (0, 1).

    Returns:
        ``{"q1": [...], "cross-entropy": [...], "KL": [...], "entropy": [...]}``.
    """
    q1 = torch.linspace(0.01, 0.99, n, dtype=DTYPE)
    q = torch.stack([q1, 1 - q1], dim=-1)
    p = torch.tensor([p1, 1 - p1], dtype=DTYPE).expand_as(q)
    return {
        "q1": q1.tolist(),
        "cross-entropy": cross_entropy(p, q).tolist(),
        "KL": kl_divergence(p, q).tolist(),
        "entropy": entropy(p).tolist(),
    }


def plot_decomposition():
    """Cross-entropy = entropy + KL, for a fixed target p = (0.3, 0.7)."""
    from matplotlib.figure import Figure

    data = decomposition_data()
    fig = Figure(figsize=(5, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(data["q1"], data["cross-entropy"], label="cross-entropy H(p, q)", linewidth=2)
    ax.plot(data["q1"], data["KL"], label="KL(p ‖ q)", linestyle="--")
    ax.plot(data["q1"], data["entropy"], label="entropy H(p)", linestyle=":")
    ax.axvline(0.3, linewidth=0.8, linestyle=":")
    ax.set_xlabel("predicted q₁ (target p₁ = 0.3)")
    ax.set_ylabel("nats")
    ax.set_ylim(0, 2.5)
    ax.legend(loc="upper center")
    return fig


FIGURES = {"cross-entropy-decomposition": plot_decomposition}


def _fmt(t: torch.Tensor) -> str:
    return "(" + ", ".join(f"{round(v, 4) + 0.0:.4f}" for v in t.tolist()) + ")"


def main() -> None:
    """Print the facts stated on the cross-entropy page."""
    p = torch.tensor([0.3, 0.7], dtype=DTYPE)
    q = torch.tensor([0.6, 0.4], dtype=DTYPE)
    print(f"p = {_fmt(p)}, q = {_fmt(q)}")
    h, ce, kl = entropy(p).item(), cross_entropy(p, q).item(), kl_divergence(p, q).item()
    print(f"  H(p) = {h:.4f}, H(p, q) = {ce:.4f}, KL(p||q) = {kl:.4f}, H(p) + KL = {h + kl:.4f}")
    h_pp, kl_pp = cross_entropy(p, p).item(), round(kl_divergence(p, p).item(), 4) + 0.0
    print(f"  H(p, p) = {h_pp:.4f}, KL(p||p) = {kl_pp:.4f}")
    print(f"  KL(q||p) = {kl_divergence(q, p).item():.4f} (not symmetric)")
    print(f"  F.kl_div(q.log(), p) = {kl_div_call(p[None], q[None]).item():.4f}")
    swapped = kl_div_call(q[None], p[None]).item()
    print(f"  F.kl_div(p.log(), q) = {swapped:.4f} (arguments swapped)")

    z = torch.tensor([[2.0, 1.0, 0.0]], dtype=DTYPE, requires_grad=True)
    y = torch.tensor([0])
    loss = F.cross_entropy(z, y)
    loss.backward()
    print(f"logits (2, 1, 0), class 0: F.cross_entropy = {loss.item():.4f},", end=" ")
    print(f"by hand = {cross_entropy_from_logits(z.detach(), y).item():.4f}")
    print(f"  gradient {_fmt(z.grad[0])} = softmax - one-hot")

    k = 10
    uniform = torch.zeros(1, k, dtype=DTYPE)
    print(f"K = {k}, all logits equal: loss = {F.cross_entropy(uniform, y).item():.4f}", end=" ")
    print(f"= log {k} = {math.log(k):.4f}")
    smooth = smoothed_target(y, k, 0.1)
    print(
        f"label smoothing 0.1, K = {k}:"
        f" target {smooth[0, 0].item():.2f} / {smooth[0, 1].item():.2f},"
        f" lowest reachable loss H(target) = {entropy(smooth)[0].item():.4f}"
    )


if __name__ == "__main__":
    main()
