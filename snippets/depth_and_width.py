"""Network depth and width (网络深度与宽度): how parameters grow with each, and what depth buys.

Run ``python -m snippets.depth_and_width`` from the repository root to print parameter counts
by formula and by counting ``nn.Module`` parameters (width enters squared, depth linearly), and
the sawtooth of Telgarsky (2016): L layers of 2 ReLUs make 2**L linear pieces.
"""

from __future__ import annotations

import torch
from torch import nn

DTYPE = torch.float64


# --8<-- [start:params]
def mlp(d_in: int, width: int, depth: int, d_out: int) -> nn.Sequential:
    """A ReLU MLP with ``depth`` hidden layers of ``width`` units each."""
    layers: list[nn.Module] = []
    fan_in = d_in
    for _ in range(depth):
        layers += [nn.Linear(fan_in, width), nn.ReLU()]
        fan_in = width
    layers.append(nn.Linear(fan_in, d_out))
    return nn.Sequential(*layers)


def mlp_params(d_in: int, width: int, depth: int, d_out: int) -> int:
    """Parameter count of ``mlp(d_in, width, depth, d_out)`` by formula.

    First layer (d_in + 1) * w, then depth - 1 hidden-to-hidden layers of (w + 1) * w, then the
    output layer (w + 1) * d_out: the w**2 term is multiplied by depth.
    """
    return (d_in + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * d_out


def count_params(model: nn.Module) -> int:
    """Parameters of ``model``, counted from its tensors."""
    return sum(p.numel() for p in model.parameters())


def conv_stack(channels: int, depth: int, kernel: int = 3) -> nn.Sequential:
    """``depth`` convolutions from ``channels`` to ``channels`` (width = channels)."""
    return nn.Sequential(
        *[nn.Conv2d(channels, channels, kernel, padding=kernel // 2) for _ in range(depth)]
    )


def conv_stack_macs(channels: int, depth: int, size: int, kernel: int = 3) -> int:
    """Multiply-accumulates of ``conv_stack(channels, depth)`` on one size x size input."""
    return depth * size * size * channels * channels * kernel * kernel


# --8<-- [end:params]


# --8<-- [start:sawtooth]
def tent_layer() -> nn.Sequential:
    """t(x) = 2 relu(x) - 4 relu(x - 1/2): maps [0, 1] onto [0, 1] up and down, with 2 ReLUs."""
    hidden, out = nn.Linear(1, 2), nn.Linear(2, 1)
    with torch.no_grad():
        hidden.weight.copy_(torch.tensor([[1.0], [1.0]]))
        hidden.bias.copy_(torch.tensor([0.0, -0.5]))
        out.weight.copy_(torch.tensor([[2.0, -4.0]]))
        out.bias.zero_()
    return nn.Sequential(hidden, nn.ReLU(), out).to(DTYPE)


def sawtooth(depth: int) -> nn.Sequential:
    """The tent map composed ``depth`` times: a network of depth layers, 2 ReLUs each."""
    return nn.Sequential(*[tent_layer() for _ in range(depth)])


def linear_pieces(net: nn.Module, lo: float = 0.0, hi: float = 1.0, n: int = 4096) -> int:
    """Number of linear pieces of a 1-D function on [lo, hi], from slope changes on a grid.

    Args:
        net: Maps shape (n, 1) to (n, 1).
        lo: Left end.
        hi: Right end.
        n: Number of grid intervals; a power of 2 puts the sawtooth's kinks on grid points.

    Returns:
        1 + the number of kinks. A kink between grid points changes the slope twice in a row
        (the interval around it has an in-between slope), so adjacent changes count once.
    """
    x = torch.linspace(lo, hi, n + 1, dtype=DTYPE)[:, None]
    with torch.no_grad():
        y = net(x).flatten()
    slopes = torch.diff(y) / torch.diff(x.flatten())
    changed = (torch.diff(slopes).abs() > 1e-6).int()
    kinks = int((torch.diff(changed, prepend=torch.zeros(1, dtype=torch.int)) == 1).sum())
    return 1 + kinks


# --8<-- [end:sawtooth]

BASE = {"d_in": 64, "width": 64, "depth": 4, "d_out": 10}
MULTIPLIERS = (1, 2, 3, 4)


def scaling_data() -> dict[str, list[int]]:
    """Parameters of the base MLP when its width or its depth is multiplied by 1..4."""
    wider = [count_params(mlp(**{**BASE, "width": BASE["width"] * m})) for m in MULTIPLIERS]
    deeper = [count_params(mlp(**{**BASE, "depth": BASE["depth"] * m})) for m in MULTIPLIERS]
    return {"multiplier": list(MULTIPLIERS), "width x m": wider, "depth x m": deeper}


def plot_depth_and_width():
    """Top: parameters against a width or depth multiplier. Bottom: sawtooths of depth 1..4."""
    from matplotlib.figure import Figure

    data = scaling_data()
    fig = Figure(figsize=(4.8, 5.6), layout="constrained")
    top, bottom = fig.subplots(2, 1)
    for key, marker in (("width x m", "o"), ("depth x m", "s")):
        ratios = [p / data[key][0] for p in data[key]]
        top.plot(data["multiplier"], ratios, marker=marker, label=key)
    top.set_xlabel("multiplier m")
    top.set_ylabel("parameters / base")
    top.set_xticks(list(MULTIPLIERS))
    top.legend()
    x = torch.linspace(0, 1, 513, dtype=DTYPE)[:, None]
    for depth in (1, 2, 3, 4):
        with torch.no_grad():
            y = sawtooth(depth)(x).flatten()
        bottom.plot(x.flatten().numpy(), y.numpy() + 1.3 * (depth - 1))
    bottom.set_xlabel("x")
    bottom.set_yticks([0.5 + 1.3 * i for i in range(4)], [f"L = {d}" for d in (1, 2, 3, 4)])
    bottom.set_ylabel("tent layers stacked")
    return fig


FIGURES = {"depth-and-width-scaling": plot_depth_and_width}


def main() -> None:
    """Print parameter counts for wider and deeper networks and the sawtooth piece counts."""
    data = scaling_data()
    base = data["width x m"][0]
    print(f"MLP 64 -> [64 x 4 hidden layers] -> 10: {base} parameters "
          f"(formula {mlp_params(**BASE)})")  # fmt: skip
    for m, wide, deep in zip(MULTIPLIERS, data["width x m"], data["depth x m"], strict=True):
        print(
            f"  x{m}: wider {wide:>7} ({wide / base:.2f}x)   deeper {deep:>6} ({deep / base:.2f}x)"
        )
    c1, c2 = count_params(conv_stack(64, 4)), count_params(conv_stack(128, 4))
    c3 = count_params(conv_stack(64, 8))
    print(f"4 conv 3x3 layers, 64 channels: {c1}; 128 channels: {c2} ({c2 / c1:.2f}x); "
          f"8 layers of 64: {c3} ({c3 / c1:.2f}x)")  # fmt: skip
    base_macs = conv_stack_macs(64, 4, 56)
    for d, w, r in ((2, 1, 1), (1, 2, 1), (1, 1, 2), (1, 2, 2)):
        ratio = conv_stack_macs(64 * w, 4 * d, 56 * r) / base_macs
        print(f"conv stack MACs, depth x{d} width x{w} resolution x{r}: {ratio:g}x (d*w^2*r^2)")
    for depth in range(1, 7):
        pieces = linear_pieces(sawtooth(depth))
        print(f"sawtooth, {depth} layers ({2 * depth:>2} ReLUs): {pieces:>2} linear pieces; "
              f"one hidden layer needs >= {pieces - 1} ReLUs")  # fmt: skip


if __name__ == "__main__":
    main()
