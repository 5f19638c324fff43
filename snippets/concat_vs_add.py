"""Concatenation vs addition (拼接与相加): two ways to merge feature maps, and how they relate.

Run ``python -m snippets.concat_vs_add`` from the repository root to print what the
concat-vs-add page states: channel counts, the parameters of the convolution that follows,
and the identities conv(cat(x, y)) = conv₁(x) + conv₂(y) and, with tied weights, conv(x + y).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:merge]
def merge_concat(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Concatenate along the channel axis: (N, C₁, H, W), (N, C₂, H, W) -> (N, C₁ + C₂, H, W)."""
    return torch.cat([x, y], dim=1)


def merge_add(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Add element-wise: both (N, C, H, W) (or broadcastable) -> (N, C, H, W)."""
    return x + y


# --8<-- [end:merge]


# --8<-- [start:identities]
def conv_after_concat(
    x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor, bias: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """One convolution on cat(x, y), and the same computed as two convolutions added.

    Args:
        x: Shape ``(N, C₁, H, W)``.
        y: Shape ``(N, C₂, H, W)``.
        w1: Kernels for the channels of ``x``, shape ``(K, C₁, k, k)``.
        w2: Kernels for the channels of ``y``, shape ``(K, C₂, k, k)``.
        bias: Shape ``(K,)``.

    Returns:
        ``conv(cat(x, y), [w1 w2])`` and ``conv(x, w1) + conv(y, w2)`` (bias once); equal.
    """
    pad = w1.shape[-1] // 2
    joint = F.conv2d(merge_concat(x, y), torch.cat([w1, w2], dim=1), bias, padding=pad)
    split = F.conv2d(x, w1, bias, padding=pad) + F.conv2d(y, w2, padding=pad)
    return joint, split


def tied_concat_is_add(
    x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, bias: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """With the same kernels for both halves, conv(cat(x, y)) is conv(x + y).

    Args:
        x: Shape ``(N, C, H, W)``.
        y: Shape ``(N, C, H, W)``.
        w: Kernels shared by both halves, shape ``(K, C, k, k)``.
        bias: Shape ``(K,)``.

    Returns:
        ``conv(cat(x, y), [w w])`` and ``conv(x + y, w)``; equal.
    """
    pad = w.shape[-1] // 2
    tied = F.conv2d(merge_concat(x, y), torch.cat([w, w], dim=1), bias, padding=pad)
    added = F.conv2d(merge_add(x, y), w, bias, padding=pad)
    return tied, added


# --8<-- [end:identities]


def next_conv_parameters(channels: int, out_channels: int, k: int = 3) -> dict[str, int]:
    """Parameters of the k×k convolution that follows each merge of two C-channel maps.

    Args:
        channels: Channels C of each of the two inputs.
        out_channels: Output channels K of the following convolution.
        k: Kernel size.

    Returns:
        ``{"concat": K·2C·k² + K, "add": K·C·k² + K}``, counted from ``nn.Conv2d``.
    """
    counts = {}
    for name, c_in in (("concat", 2 * channels), ("add", channels)):
        conv = torch.nn.Conv2d(c_in, out_channels, k)
        counts[name] = sum(p.numel() for p in conv.parameters())
    return counts


def dense_block_channels(k0: int, growth: int, layers: int) -> list[int]:
    """Input channels of each layer of a toy DenseNet block, where every layer concatenates.

    Each layer is a 3×3 convolution producing ``growth`` channels, concatenated onto its input.

    Args:
        k0: Channels entering the block.
        growth: Channels each layer adds (DenseNet's growth rate k).
        layers: Number of layers.

    Returns:
        The input channel count of layers 1..``layers``, read off the tensors.
    """
    x = torch.zeros(1, k0, 4, 4)
    seen = []
    for _ in range(layers):
        seen.append(x.shape[1])
        new = torch.nn.Conv2d(x.shape[1], growth, 3, padding=1)(x)
        x = merge_concat(x, new)
    return seen


def swap_test(x: torch.Tensor, y: torch.Tensor) -> dict[str, bool]:
    """Whether each merge gives the same result for (x, y) and (y, x).

    Args:
        x: A feature map.
        y: Another feature map of the same shape.

    Returns:
        ``{"concat": ..., "add": ...}``: True where swapping the inputs changes nothing.
    """
    return {
        "concat": torch.equal(merge_concat(x, y), merge_concat(y, x)),
        "add": torch.equal(merge_add(x, y), merge_add(y, x)),
    }


def main() -> None:
    """Print shapes, parameter counts, the two identities and the swap test."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 64, 8, 8, generator=gen, dtype=DTYPE)
    y = torch.randn(1, 64, 8, 8, generator=gen, dtype=DTYPE)
    print(f"concat: {tuple(merge_concat(x, y).shape)}   add: {tuple(merge_add(x, y).shape)}")
    counts = next_conv_parameters(64, 128)
    print(
        f"next 3x3 conv to 128 channels: after concat {counts['concat']:,} parameters,"
        f" after add {counts['add']:,}"
    )
    w1, w2 = (torch.randn(128, 64, 3, 3, generator=gen, dtype=DTYPE) for _ in range(2))
    bias = torch.randn(128, generator=gen, dtype=DTYPE)
    joint, split = conv_after_concat(x, y, w1, w2, bias)
    gap = (joint - split).abs().max()
    print(f"max |conv(cat(x, y), [W1 W2]) - (conv(x, W1) + conv(y, W2))| = {gap:.1e}")
    tied, added = tied_concat_is_add(x, y, w1, bias)
    print(f"max |conv(cat(x, y), [W W]) - conv(x + y, W)| = {(tied - added).abs().max():.1e}")
    print(f"same result after swapping x and y: {swap_test(x, y)}")
    print(
        f"DenseNet-style block, k0 = 16, growth 12: layer inputs {dense_block_channels(16, 12, 5)}"
    )
    z = torch.zeros(1, 32, 8, 8, dtype=DTYPE)
    try:
        merge_add(x, z)
    except RuntimeError:
        print("add of 64 and 32 channels: RuntimeError (shapes must match)")
    print(f"concat of 64 and 32 channels: {tuple(merge_concat(x, z).shape)}")


if __name__ == "__main__":
    main()
