"""Activation functions: why a network needs them, and the seven common ones side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import torch

from snippets.elu import elu, elu_grad
from snippets.gelu import gelu, gelu_grad
from snippets.leaky_relu import leaky_relu, leaky_relu_grad
from snippets.relu import relu, relu_grad
from snippets.sigmoid import sigmoid, sigmoid_grad
from snippets.silu import silu, silu_grad
from snippets.tanh import tanh, tanh_grad

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Fn = Callable[[torch.Tensor], torch.Tensor]


# --8<-- [start:collapse]
def linear_stack_collapse(seed: int = 0) -> tuple[float, float]:
    """Show that three stacked linear layers are one linear layer, and tanh breaks this.

    Builds y = W3(W2(W1 x + b1) + b2) + b3, multiplies the layers out into a single
    (W, b), and compares. Then inserts tanh between the layers and fits the best single
    affine map by least squares: its error stays far from zero.

    Returns:
        ``(max |stack(x) − (W x + b)|, RMS error of the best affine fit with tanh)``.
    """
    gen = torch.Generator().manual_seed(seed)
    dims = [4, 8, 8, 3]
    ws = [torch.randn(o, i, generator=gen, dtype=torch.float64) for i, o in pairwise(dims)]
    bs = [torch.randn(o, generator=gen, dtype=torch.float64) for o in dims[1:]]
    x = torch.randn(500, dims[0], generator=gen, dtype=torch.float64)

    def stack(h: torch.Tensor, act: Fn) -> torch.Tensor:
        for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
            h = h @ w.T + b
            if i < len(ws) - 1:
                h = act(h)
        return h

    w_total, b_total = (
        torch.eye(dims[0], dtype=torch.float64),
        torch.zeros(dims[0], dtype=torch.float64),
    )
    for w, b in zip(ws, bs, strict=True):
        w_total, b_total = w @ w_total, w @ b_total + b
    linear_err = (stack(x, lambda h: h) - (x @ w_total.T + b_total)).abs().max().item()

    y = stack(x, tanh)
    design = torch.cat([x, torch.ones(len(x), 1, dtype=torch.float64)], dim=1)
    coef = torch.linalg.lstsq(design, y).solution
    fit_rms = (design @ coef - y).pow(2).mean().sqrt().item()
    return linear_err, fit_rms


# --8<-- [end:collapse]


# --8<-- [start:table]
# slug -> (display name, f, f′); every function comes from the term's own snippet.
ACTIVATIONS: dict[str, tuple[str, Fn, Fn]] = {
    "sigmoid": ("sigmoid", sigmoid, sigmoid_grad),
    "tanh": ("tanh", tanh, tanh_grad),
    "relu": ("ReLU", relu, relu_grad),
    "leaky-relu": ("Leaky ReLU", leaky_relu, leaky_relu_grad),
    "elu": ("ELU", elu, elu_grad),
    "gelu": ("GELU", gelu, gelu_grad),
    "silu": ("SiLU", silu, silu_grad),
}
FAR = 30.0  # "large |x|": far enough that every saturating slope is below 1e-11
TAIL = 1e4  # where to read off the limits f(±∞)


@dataclass(frozen=True)
class Row:
    """What the comparison table states about one activation."""

    name: str
    left_tail: float  # f(−TAIL): the limit as x → −∞, or a sign that there is none
    low: float  # smallest value on the grid: a true minimum if it lies inside
    right_tail: float  # f(+TAIL)
    slope_at_0: float  # f′(0), with PyTorch's convention at a kink
    slope_far_left: float  # f′(−FAR)
    slope_far_right: float  # f′(+FAR)


def grid(lo: float = -10.0, hi: float = 10.0, step: float = 1e-3) -> torch.Tensor:
    """Evenly spaced float64 points from ``lo`` to ``hi`` inclusive."""
    return torch.linspace(lo, hi, round((hi - lo) / step) + 1, dtype=torch.float64)


def table(x: torch.Tensor | None = None) -> dict[str, Row]:
    """Tails, minimum on a grid and slopes at 0 and at ±FAR for every activation."""
    x = grid() if x is None else x
    tails = torch.tensor([-TAIL, TAIL], dtype=torch.float64)
    points = torch.tensor([0.0, -FAR, FAR], dtype=torch.float64)
    rows = {}
    for slug, (name, f, df) in ACTIVATIONS.items():
        left, right = f(tails).tolist()
        s0, s_left, s_right = df(points).tolist()
        # + 0.0 turns −0.0 (x·Φ(x) at x = −1e4) into a plain 0.0
        rows[slug] = Row(name, left + 0.0, f(x).min().item(), right, s0, s_left, s_right)
    return rows


# --8<-- [end:table]


def curves_data(
    lo: float = -4.0, hi: float = 4.0
) -> dict[str, tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """``(x, f(x), f′(x))`` on [lo, hi] for every activation: the data of the figure."""
    x = grid(lo, hi, 0.01)
    return {slug: (x, f(x), df(x)) for slug, (_name, f, df) in ACTIVATIONS.items()}


def plot_curves() -> Figure:
    """Small multiples: each activation (solid), its derivative (dashed), tangent at 0 (dotted)."""
    from matplotlib.figure import Figure

    data = curves_data()
    rows = table()
    fig = Figure(figsize=(10, 5.4), layout="constrained")
    axes = fig.subplots(2, 4, sharex=True, sharey=True)
    for ax, (slug, (x, y, dy)) in zip(axes.flat, data.items(), strict=False):
        row = rows[slug]
        ax.axhline(0, linewidth=0.6, color="gray", alpha=0.6)
        ax.axvline(0, linewidth=0.6, color="gray", alpha=0.6)
        ax.plot(x, y, color="C0", linewidth=2, label="f(x)")
        ax.plot(x, dy, color="C1", linestyle="--", linewidth=1.8, label="f′(x)")
        kink = slug in ("relu", "leaky-relu")
        if not kink:  # a tangent line only where f is differentiable at 0
            f0 = y[len(x) // 2].item()
            ax.plot(
                x,
                f0 + row.slope_at_0 * x,
                color="C2",
                linestyle=":",
                linewidth=1.5,
                label="tangent at 0",
            )
            ax.set_title(f"{row.name}: f′(0) = {row.slope_at_0:g}")
        else:
            ax.set_title(f"{row.name}: kink at 0")
        ax.set_ylim(-1.3, 2.3)
        ax.set_xlim(x[0].item(), x[-1].item())
        ax.grid(True, alpha=0.25)
    legend_ax = axes.flat[-1]
    legend_ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    legend_ax.legend(handles, labels, loc="center", frameon=False, fontsize="large")
    for ax in axes[1]:
        ax.set_xlabel("x")
    return fig


FIGURES = {"activation-curves": plot_curves}


def main() -> None:
    """Print the linear-collapse check and the comparison table."""
    linear_err, fit_rms = linear_stack_collapse()
    print(f"three linear layers vs the single product layer: max difference {linear_err:.1e}")
    print(f"with tanh between them, best single affine fit: RMS error {fit_rms:.3f}")
    print()
    print("tails f(-/+1e4), minimum on [-10, 10] (step 0.001), slopes at 0 and at -/+30:")
    heads = ("f(-1e4)", "min", "f(+1e4)", "f'(0)", "f'(-30)", "f'(+30)")
    print(
        f"{'':11s}"
        + "".join(f"{h:>10s}" for h in heads[:4])
        + "".join(f"{h:>11s}" for h in heads[4:])
    )
    for r in table().values():
        print(
            f"{r.name:11s}{r.left_tail:10.4g}{r.low:10.4g}{r.right_tail:10.4g}"
            f"{r.slope_at_0:10.4g}{r.slope_far_left:11.2e}{r.slope_far_right:11.2e}"
        )


if __name__ == "__main__":
    main()
