"""Vanishing and exploding gradients: backpropagation multiplies one Jacobian per layer."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import torch

from snippets.relu import relu
from snippets.sigmoid import sigmoid
from snippets.tanh import tanh

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
}
DEPTHS = (1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 28, 32)


# --8<-- [start:sigmoid-chain]
def sigmoid_chain_grad(x0: float, weights: list[float], biases: list[float]) -> float:
    """d a_L / d x for the scalar chain a_0 = x, a_l = σ(w_l · a_(l−1) + b_l), by autograd.

    The chain rule makes this the product of w_l · σ′(z_l) over the L layers, so its size
    is at most prod|w_l| · 0.25**L, with equality only if every pre-activation z_l is 0.
    """
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    a = x
    for w, b in zip(weights, biases, strict=True):
        a = sigmoid(w * a + b)
    a.backward()
    return x.grad.item()


# --8<-- [end:sigmoid-chain]


# --8<-- [start:deep-mlp]
def first_layer_grad_norm(activation: str, depth: int, width: int = 64, seed: int = 0) -> float:
    """Gradient norm of the first layer's weights in a freshly initialised deep MLP.

    ``depth`` hidden layers ``Linear(width, width)`` + activation, then a linear read-out,
    trained on nothing: one backward pass of the mean read-out over a random batch.
    Weights use the initialisation recommended for the activation (Glorot normal for
    sigmoid and tanh, He normal for ReLU) and zero biases, so depth is the only variable.

    Args:
        activation: ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
        depth: Number of hidden layers.
        width: Units per hidden layer.
        seed: Seed for the weights and the input batch.

    Returns:
        The Frobenius norm of dLoss/dW_1.
    """
    gen = torch.Generator().manual_seed(seed)
    act = ACTIVATIONS[activation]
    # Glorot: Var(w) = 2 / (fan_in + fan_out) = 1 / width here; He: Var(w) = 2 / fan_in.
    std = (2.0 / width) ** 0.5 if activation == "relu" else (1.0 / width) ** 0.5
    weights = [
        (torch.randn(width, width, generator=gen, dtype=torch.float64) * std).requires_grad_()
        for _ in range(depth)
    ]
    readout = torch.randn(width, 1, generator=gen, dtype=torch.float64) * (1.0 / width) ** 0.5
    h = torch.randn(128, width, generator=gen, dtype=torch.float64)
    for w in weights:
        h = act(h @ w.T)
    loss = (h @ readout).mean()
    loss.backward()
    return weights[0].grad.norm().item()


def depth_study(
    depths: tuple[int, ...] = DEPTHS, seeds: tuple[int, ...] = (0, 1, 2)
) -> dict[str, list[float]]:
    """Mean first-layer gradient norm over ``seeds`` for each activation and depth."""
    with _one_thread():
        return {
            name: [
                sum(first_layer_grad_norm(name, d, seed=s) for s in seeds) / len(seeds)
                for d in depths
            ]
            for name in ACTIVATIONS
        }


# --8<-- [end:deep-mlp]


@contextmanager
def _one_thread() -> Iterator[None]:
    # The matrices are tiny: on a busy 2-core machine intra-op threads cost more than they save.
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


# --8<-- [start:exploding]
def linear_chain_backward(
    gain: float, depth: int, width: int = 16, seed: int = 0
) -> torch.nn.Parameter:
    """Backpropagate a unit vector v through ``depth`` layers h_l = gain · Q_l h_(l−1).

    Each Q_l is a random orthogonal matrix, which preserves norms, so the gradient left in
    ``h0.grad`` has norm exactly gain**depth: it vanishes for gain < 1, explodes for gain > 1.

    Returns:
        The input h_0, whose ``.grad`` holds d(h_L · v)/d(h_0).
    """
    gen = torch.Generator().manual_seed(seed)
    h0 = torch.nn.Parameter(torch.randn(width, generator=gen, dtype=torch.float64))
    h = h0
    for _ in range(depth):
        q, _r = torch.linalg.qr(torch.randn(width, width, generator=gen, dtype=torch.float64))
        h = gain * (q @ h)
    v = torch.randn(width, generator=gen, dtype=torch.float64)
    (h @ (v / v.norm())).backward()
    return h0


def linear_chain_grad_norm(gain: float, depth: int, width: int = 16, seed: int = 0) -> float:
    """Norm of the gradient that :func:`linear_chain_backward` leaves on h_0: gain**depth."""
    return linear_chain_backward(gain, depth, width, seed).grad.norm().item()


def clipped_norm(gain: float, depth: int, max_norm: float = 1.0) -> tuple[float, float]:
    """Clip that same chain gradient with ``clip_grad_norm_``: its norm before and after."""
    h0 = linear_chain_backward(gain, depth)
    before = torch.nn.utils.clip_grad_norm_([h0], max_norm).item()
    return before, h0.grad.norm().item()


# --8<-- [end:exploding]


@functools.cache  # main(), the figure (light and dark) and the tests share these numbers
def depth_study_figure_data() -> tuple[tuple[int, ...], dict[str, list[float]]]:
    """Depths and gradient norms of :func:`depth_study` (defaults), as printed by ``main()``
    and plotted in ``vanishing-gradient-depth``; computed once per process."""
    return DEPTHS, depth_study()


def plot_depth() -> Figure:
    """Log-scale first-layer gradient norm versus depth for sigmoid, tanh and ReLU MLPs."""
    from matplotlib.figure import Figure

    depths, norms = depth_study_figure_data()
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.add_subplot()
    styles = {"sigmoid": ("o", "-"), "tanh": ("s", "--"), "relu": ("^", "-.")}
    labels = {"sigmoid": "sigmoid (Glorot)", "tanh": "tanh (Glorot)", "relu": "ReLU (He)"}
    for name, values in norms.items():
        marker, line = styles[name]
        ax.semilogy(depths, values, marker=marker, linestyle=line, label=labels[name])
    ax.semilogy(
        depths,
        [norms["sigmoid"][0] * 0.25 ** (d - depths[0]) for d in depths],
        linestyle=":",
        color="gray",
        label="× 0.25 per layer",
    )
    ax.set_xlabel("depth L (hidden layers)")
    ax.set_ylabel("‖∂loss/∂W₁‖ (log scale)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    return fig


FIGURES = {"vanishing-gradient-depth": plot_depth}


def main() -> None:
    """Print the sigmoid-chain bound, the depth study and the exploding/clipping demo."""
    print("scalar sigmoid chain, w = 1, b = -0.5 (every z = 0), vs the bound 0.25^L:")
    for depth in (1, 5, 10, 20):
        g = sigmoid_chain_grad(0.5, [1.0] * depth, [-0.5] * depth)
        print(f"  L = {depth:2d}: {g:.4e}  bound {0.25**depth:.4e}")
    gen = torch.Generator().manual_seed(0)
    w = (torch.rand(20, generator=gen, dtype=torch.float64) * 2 - 1).tolist()
    b = (torch.rand(20, generator=gen, dtype=torch.float64) * 2 - 1).tolist()
    g = sigmoid_chain_grad(0.3, w, b)
    print(f"random |w|, |b| <= 1, L = 20: |grad| = {abs(g):.3e} <= 0.25^20 = {0.25**20:.3e}")
    print("first-layer gradient norm of a deep MLP (width 64, batch 128, mean of seeds 0-2):")
    depths, norms = depth_study_figure_data()
    print("  depth " + "".join(f"{name:>12s}" for name in norms))
    for i, depth in enumerate(depths):
        print(f"  {depth:5d} " + "".join(f"{norms[name][i]:12.3e}" for name in norms))
    print("orthogonal linear chain, L = 50: gradient norm = gain^L")
    for gain in (0.9, 1.0, 1.1):
        print(
            f"  gain {gain:.1f}: {linear_chain_grad_norm(gain, 50):.4e}  (gain^50 = {gain**50:.4e})"
        )
    before, after = clipped_norm(1.1, 50)
    print(f"gain 1.1 chain gradient, clip_grad_norm_(max_norm=1): {before:.4e} -> {after:.4f}")


if __name__ == "__main__":
    main()
