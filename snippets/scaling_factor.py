"""Scaling factor (缩放因子): resizing images and feature maps by a factor, and letterboxing.

Run ``python -m snippets.scaling_factor`` from the repository root to print what the
scaling-factor page states: a scale factor does change a feature map's resolution, the output
size is floor(s * H), letterboxing keeps the aspect ratio, and a 1x1 "channel expansion"
convolution (卷积升维) changes the channels, not the resolution.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn


# --8<-- [start:resize]
def scaled_size(h: int, w: int, factor: float) -> tuple[int, int]:
    """Output height and width of ``F.interpolate(x, scale_factor=factor)``.

    Args:
        h: Input height.
        w: Input width.
        factor: Scale factor; above 1 enlarges, below 1 shrinks.

    Returns:
        ``(floor(factor * h), floor(factor * w))``.
    """
    return math.floor(factor * h), math.floor(factor * w)


def resize_feature_map(x: torch.Tensor, factor: float) -> torch.Tensor:
    """Resample a feature map (N, C, H, W) by ``factor`` with bilinear interpolation."""
    return F.interpolate(x, scale_factor=factor, mode="bilinear", align_corners=False)


# --8<-- [end:resize]


# --8<-- [start:letterbox]
def letterbox_params(
    h: int, w: int, target_h: int, target_w: int
) -> tuple[float, int, int, int, int]:
    """One scale factor for both axes, then padding to fill the target.

    Args:
        h: Image height.
        w: Image width.
        target_h: Network input height.
        target_w: Network input width.

    Returns:
        ``(r, new_h, new_w, pad_top, pad_left)`` with r = min(target_h / h, target_w / w).
    """
    r = min(target_h / h, target_w / w)
    new_h, new_w = round(h * r), round(w * r)
    return r, new_h, new_w, (target_h - new_h) // 2, (target_w - new_w) // 2


def letterbox(image: torch.Tensor, target_h: int, target_w: int, fill: float = 0.5) -> torch.Tensor:
    """Resize (C, H, W) keeping its aspect ratio and pad the rest with ``fill``.

    Args:
        image: Shape (C, H, W).
        target_h: Output height.
        target_w: Output width.
        fill: Value of the padding.

    Returns:
        Shape (C, target_h, target_w).
    """
    _, h, w = image.shape
    _, new_h, new_w, top, left = letterbox_params(h, w, target_h, target_w)
    resized = F.interpolate(image[None], size=(new_h, new_w), mode="bilinear")[0]
    bottom, right = target_h - new_h - top, target_w - new_w - left
    return F.pad(resized, (left, right, top, bottom), value=fill)


# --8<-- [end:letterbox]


# --8<-- [start:channel-expansion]
def channel_expansion(c: int, expansion: int = 4) -> nn.Conv2d:
    """卷积升维: a 1x1 convolution from c to expansion * c channels (H and W unchanged)."""
    return nn.Conv2d(c, expansion * c, kernel_size=1)


def learned_upsampling(c: int) -> nn.ConvTranspose2d:
    """Learned spatial x2 upsampling: a transposed convolution, kernel 2, stride 2."""
    return nn.ConvTranspose2d(c, c, kernel_size=2, stride=2)


# --8<-- [end:channel-expansion]


def disc_image(h: int = 480, w: int = 640, radius: int = 100) -> torch.Tensor:
    """A one-channel image with a white disc of the given radius at its centre."""
    ys, xs = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    inside = (ys - h / 2 + 0.5) ** 2 + (xs - w / 2 + 0.5) ** 2 <= radius**2
    return inside.float()[None]


def disc_extent(image: torch.Tensor) -> tuple[int, int]:
    """Height and width, in pixels, of the bright region of a (1, H, W) image."""
    mask = image[0] > 0.5
    rows = mask.any(dim=1).nonzero().flatten()
    cols = mask.any(dim=0).nonzero().flatten()
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


TARGET = 416


def figure_data() -> dict[str, torch.Tensor]:
    """A 640x480 image with a disc, squeezed to 416x416 and letterboxed to 416x416."""
    image = disc_image()
    squeezed = F.interpolate(image[None], size=(TARGET, TARGET), mode="bilinear")[0]
    return {
        "stretched to 416x416": squeezed,
        "letterboxed to 416x416": letterbox(image, TARGET, TARGET),
    }


def plot_letterbox():
    """The same disc after a plain resize (an ellipse) and after letterboxing (still round)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.8, 2.9), layout="constrained")
    for ax, (title, image) in zip(fig.subplots(1, 2), figure_data().items(), strict=True):
        ax.imshow(image[0].numpy(), cmap="gray", vmin=0, vmax=1)
        h, w = disc_extent(image)
        ax.set_title(f"{title.replace(' to ', chr(10) + 'to ')}\ndisc {w} x {h} px", fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


FIGURES = {"scaling-factor-letterbox": plot_letterbox}


def main() -> None:
    """Print resized shapes, the letterbox numbers and the 1x1-conv vs upsampling shapes."""
    torch.manual_seed(0)
    x = torch.randn(1, 16, 20, 30)
    for factor in (2, 0.5, 1.5):
        y = resize_feature_map(x, factor)
        print(f"F.interpolate(scale_factor={factor}): {tuple(x.shape)} -> {tuple(y.shape)}")
    print(f"nn.Upsample(scale_factor=2): {tuple(nn.Upsample(scale_factor=2)(x).shape)}")
    print(f"floor rule, 7 x 9 by 0.5 -> {scaled_size(7, 9, 0.5)}")
    r, new_h, new_w, top, left = letterbox_params(480, 640, TARGET, TARGET)
    print(f"letterbox 640x480 -> {TARGET}x{TARGET}: r = {r}, content {new_w}x{new_h}, "
          f"pad {top} rows top, {TARGET - new_h - top} bottom, {left} columns left")  # fmt: skip
    for title, image in figure_data().items():
        h, w = disc_extent(image)
        print(f"disc of diameter 200 {title}: {w} x {h} px")
    expand, up = channel_expansion(16), learned_upsampling(16)
    print(f"1x1 conv 16 -> 64 channels (升维): {tuple(x.shape)} -> {tuple(expand(x).shape)}")
    print(f"ConvTranspose2d k2 s2 (上采样):   {tuple(x.shape)} -> {tuple(up(x).shape)}")


if __name__ == "__main__":
    main()
