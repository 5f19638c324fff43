"""Convolution filter (卷积核): weight shape, parameter count, and what one filter computes.

Run ``python -m snippets.convolution_filter`` from the repository root to print the facts the
convolution-filter page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64
SOBEL_X = ((-1.0, 0.0, 1.0), (-2.0, 0.0, 2.0), (-1.0, 0.0, 1.0))


# --8<-- [start:shape-params]
def filter_bank_shape(c_in: int, c_out: int, k: int, groups: int = 1) -> tuple[int, ...]:
    """Shape of a 2-D convolution's weight: one filter per output channel.

    Args:
        c_in: Input channels.
        c_out: Output channels, i.e. the number of filters.
        k: Kernel size (square k x k).
        groups: Number of groups; each filter sees c_in / groups input channels.

    Returns:
        ``(c_out, c_in // groups, k, k)``, PyTorch's layout.
    """
    return (c_out, c_in // groups, k, k)


def conv_params(c_in: int, c_out: int, k: int, groups: int = 1, bias: bool = True) -> int:
    """Number of learned parameters of a 2-D convolution.

    Args:
        c_in: Input channels.
        c_out: Output channels (filters).
        k: Kernel size.
        groups: Number of groups.
        bias: Whether each filter has a bias.

    Returns:
        ``c_out * (c_in / groups * k * k + bias)``.
    """
    return c_out * ((c_in // groups) * k * k + int(bias))


# --8<-- [end:shape-params]


# --8<-- [start:one-filter]
def apply_filter(x: torch.Tensor, w: torch.Tensor, b: float = 0.0) -> torch.Tensor:
    """One filter over a multi-channel image: slide, multiply, sum over channels and window.

    This is cross-correlation (the kernel is not flipped), which is what deep-learning
    libraries call convolution.

    Args:
        x: Image, shape (C_in, H, W).
        w: One filter, shape (C_in, k, k).
        b: Bias added to every output value.

    Returns:
        One feature map of shape (H - k + 1, W - k + 1) (no padding, stride 1).
    """
    k = w.shape[-1]
    h_out, w_out = x.shape[1] - k + 1, x.shape[2] - k + 1
    out = torch.empty(h_out, w_out, dtype=x.dtype)
    for i in range(h_out):
        for j in range(w_out):
            out[i, j] = (x[:, i : i + k, j : j + k] * w).sum() + b
    return out


def true_convolution(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Convolution in the signal-processing sense: the kernel is flipped before sliding.

    Args:
        x: Image, shape (C_in, H, W).
        w: One filter, shape (C_in, k, k).

    Returns:
        One feature map, as ``apply_filter`` with the kernel rotated by 180 degrees.
    """
    return apply_filter(x, torch.flip(w, dims=(-2, -1)))


# --8<-- [end:one-filter]


def square_image(size: int = 10, side: int = 4) -> torch.Tensor:
    """A (1, size, size) image: zeros with a bright side x side square in the middle."""
    x = torch.zeros(1, size, size, dtype=DTYPE)
    lo = (size - side) // 2
    x[0, lo : lo + side, lo : lo + side] = 1.0
    return x


def main() -> None:
    """Print weight shapes and parameter counts, and apply a Sobel filter to a square."""
    for c_in, c_out, k, groups in ((3, 8, 3, 1), (64, 128, 3, 1), (3, 3, 3, 3)):
        conv = torch.nn.Conv2d(c_in, c_out, k, groups=groups)
        n = sum(p.numel() for p in conv.parameters())
        print(
            f"Conv2d({c_in}, {c_out}, {k}, groups={groups}): weight {tuple(conv.weight.shape)},"
            f" params {n} = formula {conv_params(c_in, c_out, k, groups)}"
        )
    x = square_image()
    w = torch.tensor(SOBEL_X, dtype=DTYPE)[None]
    edges = apply_filter(x, w)
    print(f"Sobel-x on a 10x10 image with a 4x4 square -> {tuple(edges.shape)} map:")
    for row in edges.tolist():
        print("  " + " ".join(f"{v + 0.0:4.0f}" for v in row))
    same = torch.allclose(edges, F.conv2d(x[None], w[None])[0, 0])
    print(
        f"equals F.conv2d: {same}; equals the flipped-kernel convolution: "
        f"{torch.allclose(edges, true_convolution(x, w))}"
    )


if __name__ == "__main__":
    main()
