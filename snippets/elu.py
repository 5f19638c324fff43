"""ELU (exponential linear unit).

Run ``python -m snippets.elu`` from the repository root to print the facts the ELU page states.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

DTYPE = torch.float64


# --8<-- [start:elu]
def elu(x: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """ELU: x for x > 0, alpha * (exp(x) - 1) otherwise.

    Args:
        x: Input tensor.
        alpha: Scale of the negative side; the function approaches ``-alpha`` as x -> -inf.

    Returns:
        A tensor of the same shape as ``x``.
    """
    # clamp so exp never overflows on the branch that torch.where discards
    return torch.where(x > 0, x, alpha * torch.expm1(x.clamp(max=0.0)))


def elu_grad(x: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Derivative of ELU: 1 for x > 0, alpha * exp(x) for x <= 0 (as in PyTorch).

    Args:
        x: Input tensor.
        alpha: ELU's alpha.

    Returns:
        A tensor with the dtype of ``x``.
    """
    return torch.where(x > 0, torch.ones_like(x), alpha * torch.exp(x.clamp(max=0.0)))


# --8<-- [end:elu]


# --8<-- [start:mean]
def mean_activation(
    fn: Callable[[torch.Tensor], torch.Tensor], n: int = 200001, bound: float = 12.0
) -> float:
    """E[fn(Z)] for a standard normal Z, by the trapezoidal rule on [-bound, bound].

    Args:
        fn: Element-wise activation taking a float64 tensor.
        n: Number of grid points.
        bound: Half-width of the integration interval.

    Returns:
        The expected activation.
    """
    z = torch.linspace(-bound, bound, n, dtype=DTYPE)
    density = torch.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)
    return torch.trapezoid(fn(z) * density, z).item()


# --8<-- [end:mean]


def main() -> None:
    """Print the facts stated on the ELU page."""
    print(f"{'x':>7} {'elu(x)':>10} {'elu_grad(x)':>12}")
    x = torch.tensor([-20.0, -5.0, -1.0, 0.0, 1.0, 5.0], dtype=DTYPE)
    for xi, yi, gi in zip(x.tolist(), elu(x).tolist(), elu_grad(x).tolist(), strict=True):
        print(f"{xi:7.1f} {yi:10.6f} {gi:12.4e}")
    print(f"elu_grad(-20) = {elu_grad(torch.tensor(-20.0, dtype=DTYPE)).item():.3e} = e^-20")
    eps = 1e-9
    for alpha in (1.0, 0.5):
        left = elu_grad(torch.tensor(-eps, dtype=DTYPE), alpha).item()
        right = elu_grad(torch.tensor(eps, dtype=DTYPE), alpha).item()
        print(f"alpha = {alpha}: slope just left of 0 = {left:.6f}, just right = {right:.6f}")
    relu_mean = mean_activation(lambda z: z.clamp(min=0.0))
    print(f"E[relu(Z)] = {relu_mean:.4f}, E[elu(Z)] = {mean_activation(elu):.4f} for Z ~ N(0, 1)")


if __name__ == "__main__":
    main()
