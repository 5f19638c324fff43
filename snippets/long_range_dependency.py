"""Long-range dependency (长距离依赖): how many layers it takes to connect two distant positions.

Run ``python -m snippets.long_range_dependency`` from the repository root to print what the
long-range-dependency page states: a stack of convolutions with kernel size k needs about
distance / (k - 1) layers before one output sees both ends, one self-attention layer always
suffices, and a recurrent network's gradient over a long distance shrinks.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

DTYPE = torch.float64
GRID = 17  # side of the 2-D input used for the figure


# --8<-- [start:conv-reach]
def conv_stack(x: torch.Tensor, layers: int, k: int, seed: int = 0) -> torch.Tensor:
    """``layers`` 1-D convolutions of kernel size ``k`` ("same" padding), tanh in between.

    Args:
        x: Input of shape ``(1, 1, n)``.
        layers: Number of stacked convolutions.
        k: Odd kernel size.
        seed: Seed for the random kernels.

    Returns:
        Output of shape ``(1, 1, n)``.
    """
    gen = torch.Generator().manual_seed(seed)
    for _ in range(layers):
        w = torch.randn(1, 1, k, generator=gen, dtype=DTYPE)
        x = torch.tanh(F.conv1d(x, w, padding=k // 2))
    return x


def connects_ends(distance: int, layers: int, k: int) -> bool:
    """Whether the middle output of the stack depends on both input 0 and input ``distance``.

    Measured with autograd: the gradient of the middle output with respect to each end.

    Args:
        distance: Distance between the two input positions (even).
        layers: Number of stacked convolutions.
        k: Odd kernel size.

    Returns:
        True when both gradient entries are non-zero.
    """
    x = torch.randn(1, 1, distance + 1, dtype=DTYPE, requires_grad=True)
    conv_stack(x, layers, k)[0, 0, distance // 2].backward()
    grad = x.grad[0, 0]
    return bool(grad[0] != 0) and bool(grad[distance] != 0)


def conv_layers_needed(distance: int, k: int) -> int:
    """Smallest number of stacked convolutions after which one output sees both ends.

    Args:
        distance: Distance between the two positions (even).
        k: Odd kernel size.

    Returns:
        The number of layers, found by trying 1, 2, 3, ... with :func:`connects_ends`.
    """
    layers = 1
    while not connects_ends(distance, layers, k):
        layers += 1
    return layers


# --8<-- [end:conv-reach]


# --8<-- [start:attention-reach]
def attention_connects_ends(distance: int, d: int = 4) -> bool:
    """Whether one self-attention layer makes output 0 depend on input ``distance``.

    Args:
        distance: Distance between the two positions.
        d: Token width.

    Returns:
        True when the gradient of output 0 with respect to token ``distance`` is non-zero.
    """
    gen = torch.Generator().manual_seed(0)
    w_q, w_k, w_v = (torch.randn(d, d, generator=gen, dtype=DTYPE) for _ in range(3))
    x = torch.randn(distance + 1, d, generator=gen, dtype=DTYPE, requires_grad=True)
    y = F.scaled_dot_product_attention(x @ w_q, x @ w_k, x @ w_v)
    y[0].sum().backward()
    return bool(x.grad[distance].abs().sum() > 0)


# --8<-- [end:attention-reach]


def receptive_field(layers: int, k: int, n: int = 129) -> int:
    """Width of the input region the middle output depends on, measured with autograd.

    Args:
        layers: Number of stacked convolutions.
        k: Odd kernel size.
        n: Input length (large enough to contain the region).

    Returns:
        The number of input positions with a non-zero gradient.
    """
    x = torch.randn(1, 1, n, dtype=DTYPE, requires_grad=True)
    conv_stack(x, layers, k)[0, 0, n // 2].backward()
    return int((x.grad != 0).sum())


def dense_vs_attention_parameters(n: int, d: int) -> tuple[int, int]:
    """Parameters of two layers that both connect all n positions of width d.

    Args:
        n: Sequence length.
        d: Token width.

    Returns:
        ``(dense, attention)``: a fully connected layer on the flattened ``n * d`` input, and
        ``nn.MultiheadAttention(d, 1)``, whose count does not depend on ``n``.
    """
    dense = torch.nn.Linear(n * d, n * d)
    attn = torch.nn.MultiheadAttention(d, num_heads=1)
    return (
        sum(p.numel() for p in dense.parameters()),
        sum(p.numel() for p in attn.parameters()),
    )


# --8<-- [start:rnn]
def rnn_gradient_by_distance(distances: tuple[int, ...], hidden: int = 16) -> list[float]:
    """Gradient norm of an RNN's last hidden state with respect to an input far in the past.

    One ``nn.RNN`` (tanh, PyTorch's default initialisation, seed 0) reads a random sequence;
    for each distance D it returns ‖∂h_T / ∂x_{T-D}‖.

    Args:
        distances: How many steps back from the last input to look.
        hidden: Hidden size.

    Returns:
        One gradient norm per distance.
    """
    torch.manual_seed(0)
    rnn = torch.nn.RNN(input_size=4, hidden_size=hidden, batch_first=True).double()
    steps = max(distances) + 1
    x = torch.randn(1, steps, 4, dtype=DTYPE, requires_grad=True)
    out, _ = rnn(x)
    out[0, -1].sum().backward()
    return [x.grad[0, steps - 1 - dist].norm().item() for dist in distances]


# --8<-- [end:rnn]


def dependency_maps(conv_layers: tuple[int, ...] = (1, 2, 4)) -> dict[str, torch.Tensor]:
    """Which pixels of a 17×17 input the centre output depends on.

    For stacks of 3×3 convolutions and for one self-attention layer over all 289 pixels.

    Args:
        conv_layers: Depths of the convolution stacks.

    Returns:
        Name -> boolean map of shape ``(17, 17)``.
    """
    gen = torch.Generator().manual_seed(0)
    maps = {}
    c = GRID // 2
    for layers in conv_layers:
        x = torch.randn(1, 1, GRID, GRID, generator=gen, dtype=DTYPE, requires_grad=True)
        y = x
        for _ in range(layers):
            y = torch.tanh(
                F.conv2d(y, torch.randn(1, 1, 3, 3, generator=gen, dtype=DTYPE), padding=1)
            )
        y[0, 0, c, c].backward()
        maps[f"{layers} conv" + ("s" if layers > 1 else "")] = x.grad[0, 0] != 0
    d = 4
    w_q, w_k, w_v = (torch.randn(d, d, generator=gen, dtype=DTYPE) for _ in range(3))
    x = torch.randn(GRID * GRID, d, generator=gen, dtype=DTYPE, requires_grad=True)
    y = F.scaled_dot_product_attention(x @ w_q, x @ w_k, x @ w_v)
    y[c * GRID + c].sum().backward()
    maps["1 attention"] = (x.grad.abs().sum(-1) > 0).reshape(GRID, GRID)
    return maps


def plot_dependency_maps():
    """Four panels: the pixels the centre output depends on, for 3×3 conv stacks and attention."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    maps = dependency_maps()
    fig = Figure(figsize=(5, 1.9), layout="constrained")
    axes = fig.subplots(1, len(maps))
    cmap = ListedColormap(["#9ba1ab33", "#1f77b4"])
    for ax, (name, m) in zip(axes, maps.items(), strict=True):
        ax.imshow(m.numpy(), cmap=cmap, vmin=0, vmax=1)
        ax.plot(GRID // 2, GRID // 2, marker="x", color="#d62728", markersize=6, mew=2)
        ax.set_title(f"{name}\n{int(m.sum())} px")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


FIGURES = {"long-range-dependency-reach": plot_dependency_maps}


def main() -> None:
    """Print layers needed against distance, receptive fields, parameters and RNN gradients."""
    torch.manual_seed(0)
    print("layers before one output sees positions 0 and D (autograd):")
    print("  D    conv k=3   conv k=5   D/(k-1) for k=3, 5   self-attention")
    for dist in (8, 16, 32, 64):
        k3, k5 = conv_layers_needed(dist, 3), conv_layers_needed(dist, 5)
        one = 1 if attention_connects_ends(dist) else "never"
        formula = f"{math.ceil(dist / 2)}, {math.ceil(dist / 4)}"
        print(f"  {dist:<4} {k3:>7}   {k5:>8}   {formula:>12}         {one:>6}")
    print("receptive field of L stacked convs with k=3 (autograd):")
    print("  " + ", ".join(f"L={L}: {receptive_field(L, 3)}" for L in (1, 2, 4, 8)))
    for n in (16, 64):
        dense, attn = dense_vs_attention_parameters(n, 32)
        print(
            f"parameters to connect all {n} tokens of width 32: dense {dense:,}, attention {attn:,}"
        )
    distances = (1, 5, 10, 20, 40)
    grads = rnn_gradient_by_distance(distances)
    print("RNN (tanh, hidden 16): |d h_T / d x_(T-D)|")
    print("  " + ", ".join(f"D={dist}: {g:.1e}" for dist, g in zip(distances, grads, strict=True)))


if __name__ == "__main__":
    main()
