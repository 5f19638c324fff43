"""Sigmoid (logistic function): σ(x) = 1 / (1 + e^(−x)), with its derivative and key identities."""

from __future__ import annotations

import torch


# --8<-- [start:sigmoid]
def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Logistic sigmoid σ(x) = 1 / (1 + e^(−x)), computed without overflow.

    Args:
        x: Input tensor (any shape, floating point).

    Returns:
        σ(x), element-wise, in (0, 1) (rounding gives exactly 0 or 1 for very large |x|).
    """
    # Each branch only ever sees exp of a non-positive number, so nothing overflows;
    # clamp (unlike abs) keeps autograd's slope right at x = 0.
    pos = 1 / (1 + torch.exp(-x.clamp(min=0)))
    e = torch.exp(x.clamp(max=0))
    return torch.where(x >= 0, pos, e / (1 + e))


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative σ′(x) = σ(x)(1 − σ(x)), accurate in the far tails as well.

    Args:
        x: Input tensor (any shape, floating point).

    Returns:
        σ′(x), element-wise, in (0, 1/4]; the maximum 1/4 is reached at x = 0 only.
    """
    # σ(x)(1 − σ(x)) = 1 / (2 + eˣ + e⁻ˣ) = 1 / (2 + 2 cosh x): no 1 − σ(x) cancelling to 0
    # in the tails, and cosh x ≥ 1 keeps the result ≤ 1/4 even after rounding.
    return 1 / (2 + 2 * torch.cosh(x))


# --8<-- [end:sigmoid]


# --8<-- [start:identities]
def symmetry_error(x: torch.Tensor) -> float:
    """Largest deviation from the identity σ(x) + σ(−x) = 1 on the points ``x``."""
    return (sigmoid(x) + sigmoid(-x) - 1).abs().max().item()


def max_slope(x: torch.Tensor) -> tuple[float, float]:
    """Return ``(x*, σ′(x*))`` where σ′ is largest among the points ``x``."""
    g = sigmoid_grad(x)
    i = int(torch.argmax(g))
    return x[i].item(), g[i].item()


# --8<-- [end:identities]


# --8<-- [start:chain]
def composed_sigmoid_grad(x0: float, depth: int) -> float:
    """Slope of σ∘σ∘…∘σ (``depth`` copies) at ``x0``, obtained by autograd.

    By the chain rule it is a product of ``depth`` factors σ′(·), each at most 1/4,
    so the result is at most 0.25**depth even when no unit saturates.
    """
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(depth):
        y = sigmoid(y)
    y.backward()
    return x.grad.item()


# --8<-- [end:chain]


def main() -> None:
    """Print σ and σ′ on a few points, the identities and the depth bound."""
    x = torch.tensor([-10.0, -4.0, -2.0, 0.0, 2.0, 4.0, 10.0], dtype=torch.float64)
    print("     x      sigmoid(x)   sigmoid'(x)")
    for xi, s, g in zip(x.tolist(), sigmoid(x).tolist(), sigmoid_grad(x).tolist(), strict=True):
        print(f"{xi:6.1f}  {s:12.8f}  {g:12.8f}")
    grid = torch.arange(-1000, 1001, dtype=torch.float64) / 100  # step 0.01, exact 0
    x_star, g_star = max_slope(grid)
    print(f"max sigmoid' on [-10, 10]: {g_star:.6f} at x = {x_star:+.3f}")
    print(f"max |sigmoid(x) + sigmoid(-x) - 1| on the grid: {symmetry_error(grid):.1e}")
    print("slope of L composed sigmoids at x = 0 (bound 0.25^L):")
    for depth in (1, 2, 5, 10, 20):
        g = composed_sigmoid_grad(0.0, depth)
        print(f"  L = {depth:2d}: {g:.3e}  <=  {0.25**depth:.3e}")


if __name__ == "__main__":
    main()
