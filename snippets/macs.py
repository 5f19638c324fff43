"""MACs and parameter count (乘加运算数与参数量): per-layer formulas checked against PyTorch.

Run ``python -m snippets.macs`` from the repository root to print the table the page shows.
"""

from __future__ import annotations

import torch
from torch import nn


# --8<-- [start:params]
def conv2d_params(layer: nn.Conv2d) -> int:
    """Learnable parameters of a 2-D convolution, from its hyperparameters alone.

    Args:
        layer: The convolution.

    Returns:
        C_out * (C_in / groups) * kH * kW, plus C_out if it has a bias.
    """
    k_h, k_w = layer.kernel_size
    weights = layer.out_channels * (layer.in_channels // layer.groups) * k_h * k_w
    return weights + (layer.out_channels if layer.bias is not None else 0)


def linear_params(layer: nn.Linear) -> int:
    """Learnable parameters of a fully connected layer: in * out weights plus out biases."""
    bias = layer.out_features if layer.bias is not None else 0
    return layer.in_features * layer.out_features + bias


def torch_params(module: nn.Module) -> int:
    """What PyTorch stores as learnable parameters: sum(p.numel() for p in parameters())."""
    return sum(p.numel() for p in module.parameters())


# --8<-- [end:params]


# --8<-- [start:macs]
def conv2d_macs(layer: nn.Conv2d, out_hw: tuple[int, int]) -> int:
    """Multiply-accumulates of one image through ``layer``: H_out*W_out*C_out*(C_in/groups)*kH*kW.

    Args:
        layer: The convolution.
        out_hw: Height and width of its output.

    Returns:
        The MAC count (bias additions not included).
    """
    k_h, k_w = layer.kernel_size
    per_output = (layer.in_channels // layer.groups) * k_h * k_w
    return out_hw[0] * out_hw[1] * layer.out_channels * per_output


def linear_macs(layer: nn.Linear) -> int:
    """Multiply-accumulates of one input row through ``layer``: in * out."""
    return layer.in_features * layer.out_features


def layer_table(model: nn.Module, x: torch.Tensor) -> list[tuple[str, str, int, int]]:
    """Parameters and MACs of every conv and linear layer, for one forward pass of ``x``.

    Forward hooks record each layer's output shape, which the MAC formula needs.

    Args:
        model: The network.
        x: One input of shape (1, C, H, W).

    Returns:
        Rows of (name, output shape, parameters, MACs).
    """
    rows = []

    def record(name: str):
        def hook(layer: nn.Module, _inputs, out: torch.Tensor) -> None:
            if isinstance(layer, nn.Conv2d):
                row = (conv2d_params(layer), conv2d_macs(layer, tuple(out.shape[2:])))
            else:
                row = (linear_params(layer), linear_macs(layer))
            rows.append((f"{name} {type(layer).__name__}", "x".join(map(str, out.shape[1:])), *row))

        return hook

    handles = [
        m.register_forward_hook(record(name))
        for name, m in model.named_modules()
        if isinstance(m, nn.Conv2d | nn.Linear)
    ]
    with torch.no_grad():
        model(x)
    for handle in handles:
        handle.remove()
    return rows


# --8<-- [end:macs]


# --8<-- [start:separable]
def separable_ratio(c_in: int, c_out: int, k: int, hw: tuple[int, int]) -> float:
    """MACs of a depthwise k x k conv plus a 1 x 1 conv, divided by those of a full k x k conv.

    Args:
        c_in: Input channels.
        c_out: Output channels.
        k: Kernel size.
        hw: Output height and width (stride 1, "same" padding).

    Returns:
        The ratio, which equals 1 / c_out + 1 / k**2.
    """
    full = nn.Conv2d(c_in, c_out, k, padding=k // 2)
    depthwise = nn.Conv2d(c_in, c_in, k, padding=k // 2, groups=c_in)
    pointwise = nn.Conv2d(c_in, c_out, 1)
    separable = conv2d_macs(depthwise, hw) + conv2d_macs(pointwise, hw)
    return separable / conv2d_macs(full, hw)


# --8<-- [end:separable]


def tiny_cnn() -> nn.Sequential:
    """A small CNN for 3 x 32 x 32 images: a strided stem, a depthwise-separable block, a head."""
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, stride=2, padding=1),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.Conv2d(16, 16, 3, padding=1, groups=16),
        nn.Conv2d(16, 32, 1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(32, 10),
    )


def main() -> None:
    """Print per-layer parameters and MACs of a tiny CNN and compare with PyTorch."""
    torch.manual_seed(0)
    model = tiny_cnn()
    rows = layer_table(model, torch.randn(1, 3, 32, 32))
    print(f"{'layer':<10}  {'output':>8}  {'params':>6}  {'MACs':>6}")
    for name, shape, params, macs in rows:
        print(f"{name:<10}  {shape:>8}  {params:>6}  {macs:>6}")
    conv_linear = sum(row[2] for row in rows)
    bn = torch_params(model[1])
    print(f"conv + linear params by formula: {conv_linear}; BatchNorm2d(16) adds {bn}")
    print(f"formula total {conv_linear + bn} == sum(p.numel()) {torch_params(model)}")
    buffers = sum(b.numel() for b in model.buffers())
    print(f"buffers (running mean/var, batch count) not counted as parameters: {buffers}")
    total_macs = sum(row[3] for row in rows)
    print(f"total MACs: {total_macs} (= {2 * total_macs} FLOPs at 2 per MAC)")
    big = layer_table(model, torch.randn(1, 3, 64, 64))
    print(
        f"64x64 input: conv + linear params {sum(r[2] for r in big)}, MACs {sum(r[3] for r in big)}"
    )
    print(
        f"  conv MACs x{sum(r[3] for r in big[:3]) / sum(r[3] for r in rows[:3]):g}, "
        f"linear MACs x{big[3][3] / rows[3][3]:g}"
    )
    ratio = separable_ratio(64, 128, 3, (28, 28))
    print(f"depthwise-separable / full 3x3 conv MACs (64 -> 128): {ratio:.4f}")
    print(f"1/C_out + 1/k^2 = {1 / 128 + 1 / 9:.4f}")


if __name__ == "__main__":
    main()
