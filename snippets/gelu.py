"""GELU (Gaussian error linear unit) and its tanh approximation.

Run ``python -m snippets.gelu`` from the repository root to print the facts the GELU page states.
"""

from __future__ import annotations

import math

import torch
from scipy.optimize import brentq

DTYPE = torch.float64
SQRT2 = math.sqrt(2.0)


# --8<-- [start:gelu]
def normal_cdf(x: torch.Tensor) -> torch.Tensor:
    """Standard normal CDF Phi(x) = (1 + erf(x / sqrt 2)) / 2."""
    return 0.5 * (1.0 + torch.erf(x / SQRT2))


def normal_pdf(x: torch.Tensor) -> torch.Tensor:
    """Standard normal density phi(x) = exp(-x^2 / 2) / sqrt(2 pi)."""
    return torch.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def gelu(x: torch.Tensor) -> torch.Tensor:
    """Exact GELU: x * Phi(x).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as ``x``.
    """
    return x * normal_cdf(x)


def gelu_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative of GELU: Phi(x) + x * phi(x) (product rule).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as ``x``.
    """
    return normal_cdf(x) + x * normal_pdf(x)


# --8<-- [end:gelu]


# --8<-- [start:tanh-approx]
def gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    """The tanh approximation of GELU (PyTorch's ``approximate="tanh"``).

    Args:
        x: Input tensor.

    Returns:
        0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).
    """
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
    return 0.5 * x * (1.0 + torch.tanh(inner))


def approx_error_data(n: int = 12001, bound: float = 6.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Error of the tanh approximation on an even grid.

    Args:
        n: Number of grid points.
        bound: The grid covers [-bound, bound].

    Returns:
        ``(x, gelu_tanh(x) - gelu(x))``.
    """
    x = torch.linspace(-bound, bound, n, dtype=DTYPE)
    return x, gelu_tanh(x) - gelu(x)


# --8<-- [end:tanh-approx]


# --8<-- [start:minimum]
def gelu_minimum() -> tuple[float, float]:
    """GELU's global minimum: the root of GELU'(x) = 0 on the negative axis.

    Returns:
        ``(x_min, gelu(x_min))``.
    """

    def slope(t: float) -> float:
        return gelu_grad(torch.tensor(t, dtype=DTYPE)).item()

    x_min = brentq(slope, -2.0, -0.1, xtol=1e-14)
    return x_min, gelu(torch.tensor(x_min, dtype=DTYPE)).item()


# --8<-- [end:minimum]


def plot_approx_error():
    """Error of the tanh approximation, gelu_tanh(x) - gelu(x), on [-6, 6]."""
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    arrow = {"arrowstyle": "->", "color": rcParams["text.color"]}  # follows the theme

    x, err = approx_error_data()
    worst = err.abs().argmax()
    fig = Figure(figsize=(7, 3.4), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(x.tolist(), (err * 1e4).tolist(), linewidth=1.8)
    ax.axhline(0.0, linewidth=0.8, linestyle=":")
    ax.plot([x[worst].item(), -x[worst].item()], [err[worst].item() * 1e4] * 2, "o")
    ax.annotate(
        f"largest |error| {err.abs().max().item():.2e}\nat x ≈ ±{abs(x[worst].item()):.2f}",
        xy=(-x[worst].item(), err[worst].item() * 1e4),
        xytext=(-1.0, 2.8),
        arrowprops=arrow,
    )
    ax.set_xlabel("x")
    ax.set_ylabel("gelu_tanh(x) − gelu(x)   (×10⁻⁴)")
    ax.set_xlim(-6, 6)
    return fig


FIGURES = {"gelu-approx-error": plot_approx_error}


def main() -> None:
    """Print the facts stated on the GELU page."""
    zero = torch.tensor(0.0, dtype=DTYPE)
    print(f"GELU'(0) = {gelu_grad(zero).item():.6f}")
    x_min, y_min = gelu_minimum()
    print(f"minimum: GELU({x_min:.4f}) = {y_min:.4f}")
    r2 = torch.tensor(SQRT2, dtype=DTYPE)
    print(f"max slope: GELU'(sqrt 2) = {gelu_grad(r2).item():.4f}")
    print(f"min slope: GELU'(-sqrt 2) = {gelu_grad(-r2).item():.4f}")
    x = torch.linspace(-10, 10, 2001, dtype=DTYPE)
    residual = (gelu(x) - gelu(-x) - x).abs().max().item()
    print(f"GELU(x) - GELU(-x) == x on [-10, 10] (to 1e-12): {residual < 1e-12}")
    for t in (-10.0, 10.0):
        print(f"GELU'({t:+.0f}) = {gelu_grad(torch.tensor(t, dtype=DTYPE)).item():.3e}")
    x, err = approx_error_data()
    worst = err.abs().argmax()
    peak = abs(x[worst].item())
    print(f"tanh approximation: max |error| = {err.abs().max().item():.2e} at x = ±{peak:.2f}")


if __name__ == "__main__":
    main()
