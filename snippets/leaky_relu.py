"""Leaky ReLU, and PReLU, whose negative slope is learned.

Run ``python -m snippets.leaky_relu`` from the repository root to print the facts the page states.
"""

from __future__ import annotations

import torch

DTYPE = torch.float64


# --8<-- [start:leaky-relu]
def leaky_relu(x: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    """Leaky ReLU: x for x > 0, alpha * x otherwise.

    Args:
        x: Input tensor.
        alpha: Slope on the negative side (PyTorch's ``negative_slope``, default 0.01).

    Returns:
        A tensor of the same shape as ``x``.
    """
    return torch.where(x > 0, x, alpha * x)


def leaky_relu_grad(x: torch.Tensor, alpha: float = 0.01) -> torch.Tensor:
    """Derivative of Leaky ReLU: 1 for x > 0 and the constant alpha for x <= 0 (as in PyTorch).

    Args:
        x: Input tensor.
        alpha: Slope on the negative side.

    Returns:
        A tensor of ones and alphas with the dtype of ``x``.
    """
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, alpha))


# --8<-- [end:leaky-relu]


# --8<-- [start:prelu]
def prelu_alpha_grad(x: torch.Tensor, alpha: float = 0.25) -> tuple[torch.Tensor, torch.Tensor]:
    """PReLU: the same function with alpha as a trainable parameter.

    Args:
        x: Input tensor.
        alpha: Initial value of the learned slope (PyTorch's ``nn.PReLU`` starts at 0.25).

    Returns:
        ``(alpha.grad, expected)`` for the loss ``sum(prelu(x))``: the gradient autograd gives
        the slope, and its closed form, the sum of the negative inputs.
    """
    a = torch.tensor(alpha, dtype=x.dtype, requires_grad=True)
    torch.where(x > 0, x, a * x).sum().backward()
    return a.grad, x[x <= 0].sum()


# --8<-- [end:prelu]


def main() -> None:
    """Print the facts stated on the Leaky ReLU page."""
    x = torch.tensor([-1000.0, -100.0, -10.0, -1.0, -0.001, 0.5, 3.0], dtype=DTYPE)
    print(f"{'x':>9} {'leaky_relu(x)':>14} {'leaky_relu_grad(x)':>19}")
    for xi, yi, gi in zip(
        x.tolist(), leaky_relu(x).tolist(), leaky_relu_grad(x).tolist(), strict=True
    ):
        print(f"{xi:9.3f} {yi:14.5f} {gi:19.4f}")
    grid = torch.linspace(-1e6, -1e-6, 100001, dtype=DTYPE)
    slopes = leaky_relu_grad(grid)
    print(f"slope on [-1e6, -1e-6]: min {slopes.min().item():.4f}, max {slopes.max().item():.4f}")
    got, expected = prelu_alpha_grad(torch.tensor([-2.0, -0.5, 1.0, 3.0], dtype=DTYPE))
    print(f"PReLU: d(loss)/d(alpha) = {got.item():.2f}", end=" ")
    print(f"(sum of negative inputs = {expected.item():.2f})")


if __name__ == "__main__":
    main()
