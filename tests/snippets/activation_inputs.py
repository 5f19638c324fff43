"""Inputs and the autograd reference shared by the activation-function tests."""

import torch

# Huge, tiny and zero inputs (saturation, overflow, the kink at 0) plus a regular grid.
GRID = torch.cat(
    [
        torch.tensor([-1000.0, -50.0, -20.0, -1e-3, 0.0, 1e-3, 20.0, 50.0, 1000.0]),
        torch.linspace(-10, 10, 201),
    ]
).to(torch.float64)
FINE = torch.linspace(-10, 10, 20001, dtype=torch.float64)


def autograd_derivative(f, x: torch.Tensor) -> torch.Tensor:
    """Derivative of the element-wise function ``f`` at every point of ``x``, by autograd."""
    x = x.clone().requires_grad_()
    f(x).sum().backward()
    return x.grad
