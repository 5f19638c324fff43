"""Upsampling (上采样): interpolation, transposed convolution and pixel shuffle, written by hand.

Run ``python -m snippets.upsampling`` from the repository root to print the checks the
upsampling page states: each hand-written method equals its PyTorch counterpart, a transposed
convolution is the adjoint of its convolution, and kernel 3 with stride 2 overlaps unevenly.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:interpolate]
def nearest_upsample(x: torch.Tensor, factor: int) -> torch.Tensor:
    """Nearest-neighbour upsampling: every pixel becomes a ``factor`` x ``factor`` block.

    Args:
        x: Shape (N, C, H, W).
        factor: Integer scale factor.

    Returns:
        Shape (N, C, factor * H, factor * W).
    """
    return x.repeat_interleave(factor, dim=2).repeat_interleave(factor, dim=3)


def linear_upsample_1d(x: torch.Tensor, factor: int) -> torch.Tensor:
    """Linear interpolation along the last axis with half-pixel centres (align_corners=False).

    Output pixel ``i`` sits at input coordinate ``(i + 0.5) / factor - 0.5``, clamped at 0;
    its value mixes the two input pixels around that coordinate.

    Args:
        x: Shape (..., W).
        factor: Integer scale factor.

    Returns:
        Shape (..., factor * W).
    """
    w = x.shape[-1]
    src = ((torch.arange(factor * w, dtype=DTYPE) + 0.5) / factor - 0.5).clamp(min=0)
    left = src.floor().long().clamp(max=w - 1)
    right = (left + 1).clamp(max=w - 1)
    t = src - left
    return x[..., left] * (1 - t) + x[..., right] * t


def bilinear_upsample(x: torch.Tensor, factor: int) -> torch.Tensor:
    """Bilinear upsampling = linear interpolation along W, then along H.

    Args:
        x: Shape (N, C, H, W).
        factor: Integer scale factor.

    Returns:
        Shape (N, C, factor * H, factor * W).
    """
    rows_done = linear_upsample_1d(x, factor)
    return linear_upsample_1d(rows_done.transpose(2, 3), factor).transpose(2, 3)


# --8<-- [end:interpolate]


# --8<-- [start:transposed]
def conv_transpose_by_hand(
    x: torch.Tensor, weight: torch.Tensor, stride: int, padding: int = 0
) -> torch.Tensor:
    """Transposed convolution: insert zeros between pixels, pad, convolve with the flipped kernel.

    Args:
        x: Shape (N, C_in, H, W).
        weight: Shape (C_in, C_out, k, k), the layout of ``nn.ConvTranspose2d``.
        stride: Stride of the transposed convolution (the upsampling factor).
        padding: The ``padding`` argument of ``nn.ConvTranspose2d``.

    Returns:
        Shape (N, C_out, (H - 1) * stride - 2 * padding + k, same for W).
    """
    n, c, h, w = x.shape
    k = weight.shape[-1]
    spread = x.new_zeros(n, c, (h - 1) * stride + 1, (w - 1) * stride + 1)
    spread[:, :, ::stride, ::stride] = x  # stride - 1 zeros between neighbours
    pad = k - 1 - padding
    flipped = weight.flip(-1, -2).transpose(0, 1)  # (C_out, C_in, k, k)
    return F.conv2d(F.pad(spread, (pad, pad, pad, pad)), flipped)


def adjoint_gap(
    x_shape: tuple[int, ...], weight: torch.Tensor, stride: int, seed: int = 0
) -> tuple[float, float]:
    """<conv(x), y> - <x, conv_transpose(y)> for random x and y, with the same weight.

    Args:
        x_shape: Shape of the convolution's input (N, C_in, H, W).
        weight: Convolution weight, shape (C_out, C_in, k, k).
        stride: Stride of both operations.
        seed: Seed for x and y.

    Returns:
        The two inner products; equal when conv_transpose2d is the adjoint of conv2d.
    """
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(x_shape, generator=gen, dtype=DTYPE)
    ax = F.conv2d(x, weight, stride=stride)
    y = torch.randn(ax.shape, generator=gen, dtype=DTYPE)
    aty = F.conv_transpose2d(
        y, weight, stride=stride, output_padding=_leftover(x, ax, weight, stride)
    )
    return float((ax * y).sum()), float((x * aty).sum())


def _leftover(x: torch.Tensor, ax: torch.Tensor, weight: torch.Tensor, stride: int) -> int:
    return x.shape[-1] - ((ax.shape[-1] - 1) * stride + weight.shape[-1])


# --8<-- [end:transposed]


# --8<-- [start:pixel-shuffle]
def pixel_shuffle_by_hand(x: torch.Tensor, r: int) -> torch.Tensor:
    """Rearrange (N, C * r * r, H, W) into (N, C, r * H, r * W), like ``nn.PixelShuffle(r)``.

    Channel ``c * r * r + i * r + j`` becomes the sub-pixel at row offset ``i`` and column
    offset ``j`` inside every r x r output block of channel ``c``.

    Args:
        x: Shape (N, C * r * r, H, W).
        r: Upscale factor.

    Returns:
        Shape (N, C, r * H, r * W).
    """
    n, crr, h, w = x.shape
    c = crr // (r * r)
    blocks = x.reshape(n, c, r, r, h, w)  # (n, c, i, j, h, w)
    return blocks.permute(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r)  # (n, c, h, i, w, j)


# --8<-- [end:pixel-shuffle]


def overlap_counts(kernel: int, stride: int, size: int = 6) -> torch.Tensor:
    """How many input pixels "paint" each output pixel of a transposed convolution, in 1-D.

    Args:
        kernel: Kernel size.
        stride: Stride.
        size: Length of the all-ones input.

    Returns:
        The interior of the output of an all-ones kernel on an all-ones input (borders cut).
    """
    ones = torch.ones(1, 1, size, dtype=DTYPE)
    out = F.conv_transpose1d(ones, torch.ones(1, 1, kernel, dtype=DTYPE), stride=stride)
    return out[0, 0, kernel:-kernel]


def figure_data() -> dict[str, torch.Tensor]:
    """A 4x4 input, three of its x2 upsamplings, and a k=3, s=2 transposed conv of all ones."""
    x = torch.tensor([[0, 0, 1, 1], [0, 1, 2, 1], [1, 2, 3, 2], [1, 1, 2, 3]], dtype=DTYPE)[
        None, None
    ]
    ones = torch.ones(1, 1, 6, 6, dtype=DTYPE)
    kernel = torch.ones(1, 1, 3, 3, dtype=DTYPE)
    return {
        "input 4x4": x[0, 0],
        "nearest x2": nearest_upsample(x, 2)[0, 0],
        "bilinear x2": bilinear_upsample(x, 2)[0, 0],
        "transposed conv k3 s2,\nall-ones input": F.conv_transpose2d(ones, kernel, stride=2)[
            0, 0, 2:-2, 2:-2
        ],
    }


def plot_methods():
    """Four panels: the input, nearest, bilinear, and the checkerboard of uneven overlap."""
    from matplotlib.figure import Figure

    data = figure_data()
    fig = Figure(figsize=(4.8, 5.0), layout="constrained")
    for ax, (title, values) in zip(fig.subplots(2, 2).flat, data.items(), strict=True):
        ax.imshow(values.numpy(), cmap="viridis")
        ax.set_title(title, fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


FIGURES = {"upsampling-methods": plot_methods}


def main() -> None:
    """Print the comparisons with PyTorch, the adjoint identity and the overlap counts."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 3, 4, 5, generator=gen, dtype=DTYPE)
    near = torch.equal(nearest_upsample(x, 2), F.interpolate(x, scale_factor=2, mode="nearest"))
    bil = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    print(f"input {tuple(x.shape)} -> x2 {tuple(bil.shape)}")
    print(f"nearest by hand == F.interpolate(mode='nearest'): {near}")
    print(f"bilinear by hand == F.interpolate(mode='bilinear'): "
          f"{torch.allclose(bilinear_upsample(x, 2), bil)}")  # fmt: skip
    w = torch.randn(3, 4, 2, 2, generator=gen, dtype=DTYPE)  # (C_in, C_out, k, k)
    by_hand = conv_transpose_by_hand(x, w, stride=2)
    same = torch.allclose(by_hand, F.conv_transpose2d(x, w, stride=2))
    print(
        f"transposed conv k2 s2 by hand == F.conv_transpose2d: {same}, shape {tuple(by_hand.shape)}"
    )
    lhs, rhs = adjoint_gap((2, 3, 9, 9), torch.randn(4, 3, 3, 3, generator=gen, dtype=DTYPE), 2)
    print(f"<conv(x), y> = {lhs:.6f}   <x, conv_transpose(y)> = {rhs:.6f}")
    shuffled = pixel_shuffle_by_hand(torch.arange(16.0).reshape(1, 4, 2, 2), 2)
    print("pixel shuffle of channels 0..3 (values 0-3, 4-7, 8-11, 12-15), r = 2:")
    for row in shuffled[0, 0].int().tolist():
        print("  ", row)
    for k, s in ((2, 2), (3, 2), (4, 2)):
        print(f"transposed conv k={k} s={s}, inputs painting each output pixel: "
              f"{overlap_counts(k, s).int().tolist()}")  # fmt: skip


if __name__ == "__main__":
    main()
