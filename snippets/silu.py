"""SiLU (sigmoid linear unit), also called Swish with beta = 1.

Run ``python -m snippets.silu`` from the repository root to print the facts the SiLU page states.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import torch
from scipy.optimize import brentq
from scipy.special import lambertw
from torch.overrides import TorchFunctionMode

from snippets.relu import relu

DTYPE = torch.float64


# --8<-- [start:silu]
def silu(x: torch.Tensor) -> torch.Tensor:
    """SiLU: x * sigmoid(x) = x / (1 + exp(-x)).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as ``x``.
    """
    return x / (1.0 + torch.exp(-x))


def silu_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative of SiLU: s * (1 + x * (1 - s)) with s = sigmoid(x).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape as ``x``.
    """
    s = 1.0 / (1.0 + torch.exp(-x))
    return s * (1.0 + x * (1.0 - s))


# --8<-- [end:silu]


# --8<-- [start:extremes]
def silu_minimum() -> tuple[float, float]:
    """SiLU's global minimum in closed form.

    SiLU'(x) = 0 rearranges to (-1 - x) * exp(-1 - x) = 1/e, so -1 - x = W(1/e)
    (W: Lambert W function), and there SiLU(x) = x + 1.

    Returns:
        ``(x_min, silu(x_min))``.
    """
    x_min = -1.0 - lambertw(1.0 / math.e).real
    return x_min, silu(torch.tensor(x_min, dtype=DTYPE)).item()


def silu_max_slope() -> tuple[float, float]:
    """Where SiLU is steepest: the positive root of SiLU''(x) = s(1 - s)(2 + x(1 - 2s)).

    Returns:
        ``(x, silu_grad(x))`` at the maximum of the derivative.
    """

    def second(t: float) -> float:
        s = 1.0 / (1.0 + math.exp(-t))
        return s * (1.0 - s) * (2.0 + t * (1.0 - 2.0 * s))

    x_star = brentq(second, 1.0, 4.0, xtol=1e-14)
    return x_star, silu_grad(torch.tensor(x_star, dtype=DTYPE)).item()


# --8<-- [end:extremes]


# --8<-- [start:op-count]
class OpCounter(TorchFunctionMode):
    """Records every torch function and tensor operator called inside the ``with`` block."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: Counter[str] = Counter()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.ops[getattr(func, "__name__", str(func))] += 1
        return func(*args, **(kwargs or {}))


def count_ops(fn: Callable[[torch.Tensor], torch.Tensor]) -> Counter[str]:
    """The element-wise operations ``fn`` performs on a tensor.

    Args:
        fn: A hand-written activation.

    Returns:
        Operation name -> number of calls.
    """
    x = torch.linspace(-3.0, 3.0, 7, dtype=DTYPE)
    with OpCounter() as counter:
        fn(x)
    return counter.ops


# --8<-- [end:op-count]


def silu_sigmoid_data(n: int = 1201, bound: float = 6.0) -> dict[str, torch.Tensor]:
    """SiLU, its derivative and the sigmoid on an even grid.

    Args:
        n: Number of grid points.
        bound: The grid covers [-bound, bound].

    Returns:
        ``x``, ``silu``, ``silu_grad`` and ``sigmoid`` tensors.
    """
    x = torch.linspace(-bound, bound, n, dtype=DTYPE)
    return {
        "x": x,
        "silu": silu(x),
        "silu_grad": silu_grad(x),
        "sigmoid": 1.0 / (1.0 + torch.exp(-x)),
    }


def plot_silu_vs_sigmoid():
    """SiLU, its derivative and the sigmoid, with the minimum and the steepest point marked."""
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    arrow = {"arrowstyle": "->", "color": rcParams["text.color"]}  # follows the theme

    d = silu_sigmoid_data()
    x = d["x"].tolist()
    x_min, y_min = silu_minimum()
    x_top, slope_top = silu_max_slope()
    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(x, d["silu"].tolist(), linewidth=2, label="SiLU(x) = x·σ(x)")
    ax.plot(x, d["silu_grad"].tolist(), linewidth=1.6, linestyle="--", label="SiLU′(x)")
    ax.plot(x, d["sigmoid"].tolist(), linewidth=1.4, linestyle=":", label="σ(x), range (0, 1)")
    ax.axhline(0.0, linewidth=0.6)
    ax.axhline(1.0, linewidth=0.6, linestyle=":")
    ax.plot([x_min], [y_min], "o")
    ax.annotate(
        f"minimum {y_min:.4f}\nat x = {x_min:.4f}".replace("-", "−"),
        xy=(x_min, y_min),
        xytext=(-5.8, 1.2),
        arrowprops=arrow,
    )
    ax.plot([0.0, x_top], [0.5, slope_top], "s")
    ax.annotate("SiLU′(0) = 0.5", xy=(0.0, 0.5), xytext=(0.6, 0.1), arrowprops=arrow)
    ax.annotate(
        f"max slope {slope_top:.4f}\nat x = {x_top:.4f}",
        xy=(x_top, slope_top),
        xytext=(3.5, 1.55),
        arrowprops=arrow,
    )
    ax.set_xlim(-6, 6)
    ax.set_ylim(-0.6, 4.0)
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    return fig


FIGURES = {"silu-vs-sigmoid": plot_silu_vs_sigmoid}


def main() -> None:
    """Print the facts stated on the SiLU page."""
    zero = torch.tensor(0.0, dtype=DTYPE)
    print(f"SiLU'(0) = {silu_grad(zero).item():.6f}")
    x_min, y_min = silu_minimum()
    print(f"minimum: SiLU({x_min:.4f}) = {y_min:.4f} (= x_min + 1 = {x_min + 1:.4f})")
    x_top, slope_top = silu_max_slope()
    print(f"max slope: SiLU'({x_top:.4f}) = {slope_top:.4f}")
    for t in (-50.0, -10.0):
        print(f"SiLU'({t:+.0f}) = {silu_grad(torch.tensor(t, dtype=DTYPE)).item():.3e}")
    for t in (10.0, 50.0):
        print(f"SiLU'({t:+.0f}) = {silu_grad(torch.tensor(t, dtype=DTYPE)).item():.6f}")
    x = torch.linspace(-10, 10, 2001, dtype=DTYPE)
    residual = (silu(x) - silu(-x) - x).abs().max().item()
    print(f"SiLU(x) - SiLU(-x) == x on [-10, 10] (to 1e-12): {residual < 1e-12}")
    print(f"SiLU(-1) = {silu(torch.tensor(-1.0, dtype=DTYPE)).item():.4f} < 0")
    print(f"SiLU(5) = {silu(torch.tensor(5.0, dtype=DTYPE)).item():.4f} > 1")
    for name, fn in (("relu", relu), ("silu", silu)):
        ops = count_ops(fn)
        listing = ", ".join(f"{op} x{n}" for op, n in sorted(ops.items()))
        print(f"ops per call, {name}: {listing}")


if __name__ == "__main__":
    main()
