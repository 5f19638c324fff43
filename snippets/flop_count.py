"""FLOP count (浮点运算次数): how many floating-point operations one forward pass of a layer costs.

Run ``python -m snippets.flop_count`` from the repository root to print the counts the page shows.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils import flop_counter

DTYPE = torch.float64


# --8<-- [start:formulas]
def linear_flops(layer: nn.Linear, batch: int) -> int:
    """FLOPs of ``layer`` on ``batch`` inputs, counting one multiply-add as 2 FLOPs.

    Args:
        layer: A fully connected layer.
        batch: Number of input rows.

    Returns:
        2 * batch * in_features * out_features.
    """
    return 2 * batch * layer.in_features * layer.out_features


def conv2d_flops(layer: nn.Conv2d, out_hw: tuple[int, int], batch: int = 1) -> int:
    """FLOPs of ``layer`` producing ``out_hw`` outputs per channel, one multiply-add = 2 FLOPs.

    Args:
        layer: A 2-D convolution (any stride, padding, dilation or groups).
        out_hw: Height and width of the output feature map.
        batch: Number of images.

    Returns:
        2 * batch * H_out * W_out * C_out * (C_in / groups) * kH * kW.
    """
    k_h, k_w = layer.kernel_size
    c_in_per_group = layer.in_channels // layer.groups
    return 2 * batch * out_hw[0] * out_hw[1] * layer.out_channels * c_in_per_group * k_h * k_w


# --8<-- [end:formulas]


# --8<-- [start:count-by-hand]
class Tally:
    """Counts the scalar multiplications and additions done by the loops below."""

    def __init__(self) -> None:
        self.mul = 0
        self.add = 0

    def dot(self, xs: list[float], ws: list[float], bias: float | None) -> float:
        """Dot product of two equal-length lists plus an optional bias, one operation at a time."""
        acc = xs[0] * ws[0]
        self.mul += 1
        for x, w in zip(xs[1:], ws[1:], strict=True):
            acc = acc + x * w
            self.mul += 1
            self.add += 1
        if bias is not None:
            acc = acc + bias
            self.add += 1
        return acc


def counted_conv2d(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, padding: int
) -> tuple[torch.Tensor, Tally]:
    """A stride-1 convolution of one image written as explicit dot products.

    Args:
        x: Input of shape (1, C_in, H, W).
        weight: Filters of shape (C_out, C_in, k, k).
        bias: Shape (C_out,), or None.
        padding: Zero padding on each side.

    Returns:
        The output (same as ``F.conv2d``) and the tally of operations it took.
    """
    tally = Tally()
    xp = F.pad(x[0], (padding,) * 4)  # zeros are multiplied too, as a GPU kernel does
    c_out, _, k, _ = weight.shape
    h_out, w_out = xp.shape[1] - k + 1, xp.shape[2] - k + 1
    out = torch.empty(1, c_out, h_out, w_out, dtype=x.dtype)
    for o in range(c_out):
        ws = weight[o].flatten().tolist()
        b = None if bias is None else bias[o].item()
        for i in range(h_out):
            for j in range(w_out):
                xs = xp[:, i : i + k, j : j + k].flatten().tolist()
                out[0, o, i, j] = tally.dot(xs, ws, b)
    return out, tally


def counted_linear(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None
) -> tuple[torch.Tensor, Tally]:
    """A fully connected layer, x @ W.T + b, written as explicit dot products.

    Args:
        x: Input of shape (B, in_features).
        weight: Shape (out_features, in_features).
        bias: Shape (out_features,), or None.

    Returns:
        The output (same as ``F.linear``) and the tally of operations it took.
    """
    tally = Tally()
    biases = [None] * weight.shape[0] if bias is None else bias.tolist()
    rows = [
        [tally.dot(xs, ws, b) for ws, b in zip(weight.tolist(), biases, strict=True)]
        for xs in x.tolist()
    ]
    return torch.tensor(rows, dtype=x.dtype), tally


# --8<-- [end:count-by-hand]


# --8<-- [start:torch-counter]
def torch_counter_conv_flops(x: torch.Tensor, layer: nn.Conv2d) -> int:
    """What ``torch.utils.flop_counter.FlopCounterMode`` records for ``layer(x)``.

    The mode looks up a formula per aten operator; this calls the one it registers for
    ``aten.convolution`` directly, with the same shapes.

    Args:
        x: Input of shape (N, C_in, H, W).
        layer: The convolution.

    Returns:
        The FLOPs the counter reports (bias ignored).
    """
    out_shape = list(layer(x).shape)
    return flop_counter.conv_flop_count(list(x.shape), list(layer.weight.shape), out_shape)


def torch_counter_linear_flops(x: torch.Tensor, layer: nn.Linear) -> int:
    """What ``FlopCounterMode`` records for ``layer(x)``: its formula for ``aten.addmm``.

    Args:
        x: Input of shape (B, in_features).
        layer: The fully connected layer (computed as x @ W.T + b).

    Returns:
        The FLOPs the counter reports (bias ignored).
    """
    return flop_counter.addmm_flop(None, list(x.shape), list(layer.weight.T.shape))


def torch_counter_has_formula(op: str) -> bool:
    """Whether ``FlopCounterMode`` counts the aten operator ``op`` at all (others count 0).

    Args:
        op: An aten operator name such as ``"convolution"`` or ``"relu"``.

    Returns:
        True if the counter registers a FLOP formula for it.
    """
    return getattr(torch.ops.aten, op) in flop_counter.flop_registry


# --8<-- [end:torch-counter]


def main() -> None:
    """Count the FLOPs of a small conv layer and a small linear layer three ways."""
    torch.manual_seed(0)
    conv = nn.Conv2d(2, 3, kernel_size=3, padding=1).to(DTYPE)
    x = torch.randn(1, 2, 5, 5, dtype=DTYPE)
    out, tally = counted_conv2d(x, conv.weight, conv.bias, padding=1)
    macs, flops = tally.mul, tally.mul + tally.add
    print("Conv2d(2 -> 3, k=3, p=1) on a 5x5 image, output 3x5x5")
    print(f"  loop equals F.conv2d: {torch.allclose(out, conv(x), rtol=0, atol=1e-12)}")
    print(f"  multiplications (MACs): {tally.mul}, additions: {tally.add}")
    print(f"  counted FLOPs: {flops} (2 x MACs: {flops == 2 * macs})")
    print(f"  formula 2*H*W*C_out*C_in*k*k: {conv2d_flops(conv, (5, 5))}")
    print(f"  PyTorch FlopCounterMode formula: {torch_counter_conv_flops(x, conv)}")
    _, no_bias = counted_conv2d(x, conv.weight, None, padding=1)
    short = 2 * macs - (no_bias.mul + no_bias.add)
    print(f"  without bias: counted {no_bias.mul + no_bias.add}, {short} short of 2 x MACs")
    print(f"  fvcore-style count (1 per multiply-add): {macs}")

    fc = nn.Linear(4, 3).to(DTYPE)
    rows = torch.randn(2, 4, dtype=DTYPE)
    out, tally = counted_linear(rows, fc.weight, fc.bias)
    print("Linear(4 -> 3) on a batch of 2")
    print(f"  loop equals F.linear: {torch.allclose(out, fc(rows), rtol=0, atol=1e-12)}")
    print(f"  multiplications (MACs): {tally.mul}, additions: {tally.add}")
    print(f"  formula 2*B*in*out: {linear_flops(fc, 2)}")
    print(f"  PyTorch FlopCounterMode formula: {torch_counter_linear_flops(rows, fc)}")
    ops = ["mm", "addmm", "convolution", "relu", "gelu", "native_batch_norm", "add", "_softmax"]
    print("Operators FlopCounterMode has a formula for:")
    print(
        "  " + ", ".join(f"{op}: {'yes' if torch_counter_has_formula(op) else 'no'}" for op in ops)
    )


if __name__ == "__main__":
    main()
