"""Convolution output size (卷积输出尺寸): the floor formula, checked against PyTorch's layers.

Run ``python -m snippets.conv_output_size`` from the repository root to print the examples.
"""

from __future__ import annotations

import itertools

import torch
import torch.nn.functional as F


# --8<-- [start:formula]
def conv_output_size(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length of a convolution (or pooling) along one axis.

    Args:
        h: Input length (height or width).
        k: Kernel size.
        s: Stride.
        p: Zero padding added on each side.
        d: Dilation (spacing between kernel taps; 1 means a dense kernel).

    Returns:
        floor((h + 2p - d(k - 1) - 1) / s) + 1.
    """
    return (h + 2 * p - d * (k - 1) - 1) // s + 1


def notes_formula(w: int, f: int, p: int, s: int) -> float:
    """The notes' version, (W - F + 2P) / S + 1, without the floor and without dilation."""
    return (w - f + 2 * p) / s + 1


# --8<-- [end:formula]


# --8<-- [start:check]
def torch_output_size(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Height of the output that PyTorch's convolution actually produces for an h x h input."""
    x = torch.zeros(1, 1, h, h)
    weight = torch.zeros(1, 1, k, k)
    return F.conv2d(x, weight, stride=s, padding=p, dilation=d).shape[2]


def grid_mismatches() -> tuple[int, list[tuple[int, ...]]]:
    """Compare the formula with PyTorch over a grid of (H, k, s, p, d).

    Returns:
        The number of valid settings tried and those where the two disagree.
    """
    grid = itertools.product((5, 6, 7, 8, 11), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2))
    # skip settings where the dilated kernel, d(k - 1) + 1 long, does not fit
    valid = [(h, k, s, p, d) for h, k, s, p, d in grid if h + 2 * p >= d * (k - 1) + 1]
    bad = [c for c in valid if conv_output_size(*c) != torch_output_size(*c)]
    return len(valid), bad


# --8<-- [end:check]


# --8<-- [start:transposed]
def conv_transpose_output_size(
    h: int, k: int, s: int = 1, p: int = 0, d: int = 1, output_padding: int = 0
) -> int:
    """Output length of a transposed convolution: (h - 1)s - 2p + d(k - 1) + output_padding + 1."""
    return (h - 1) * s - 2 * p + d * (k - 1) + output_padding + 1


# --8<-- [end:transposed]


def main() -> None:
    """Print the notes' example, the ResNet stem sizes and the grid check."""
    print(f"W=6, F=3, P=0, S=2: notes formula {notes_formula(6, 3, 0, 2)}, ", end="")
    print(f"floor formula {conv_output_size(6, 3, s=2)}, PyTorch {torch_output_size(6, 3, s=2)}")
    conv = conv_output_size(224, 7, s=2, p=3)
    pool = conv_output_size(conv, 3, s=2, p=1)
    real = F.max_pool2d(torch.zeros(1, 1, conv, conv), 3, stride=2, padding=1).shape[2]
    print(f"ResNet stem: 224 -> 7x7 conv, s=2, p=3 -> {conv} -> 3x3 max pool, s=2, p=1 -> {pool}")
    print(f"  PyTorch: conv {torch_output_size(224, 7, s=2, p=3)}, max pool {real}")
    same = [conv_output_size(32, k, p=d * (k - 1) // 2, d=d) for k, d in [(3, 1), (5, 1), (3, 2)]]
    print(f"'same' padding p = d(k-1)/2 keeps 32: {same}")
    tried, bad = grid_mismatches()
    print(f"grid of {tried} (H, k, s, p, d) settings: {len(bad)} mismatches with F.conv2d")
    down = [conv_output_size(h, 3, s=2, p=1) for h in (7, 8)]
    print(f"conv(k=3, s=2, p=1) maps 7 -> {down[0]} and 8 -> {down[1]}")
    for op in (0, 1):
        up = conv_transpose_output_size(4, 3, s=2, p=1, output_padding=op)
        print(f"  transposed conv back from 4 with output_padding={op}: {up}")


if __name__ == "__main__":
    main()
