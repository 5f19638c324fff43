"""Feature map (特征图): the (N, C, H, W) output of a convolution, one channel per filter.

Run ``python -m snippets.feature_map`` from the repository root to print the facts the
feature-map page states: the shapes through a small CNN, that output channel c is the map of
filter c alone, the memory a feature map takes, and that a stride-1 convolution moves its
feature map along with a shifted input while a stride-2 one does not.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float64
EDGE_FILTERS = torch.tensor(
    [
        [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],  # responds to vertical edges
        [[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]],  # responds to horizontal edges
    ],
    dtype=DTYPE,
).unsqueeze(1)  # (C_out=2, C_in=1, 3, 3)


# --8<-- [start:shapes]
def small_cnn() -> nn.Sequential:
    """A three-layer CNN for a 3 x 32 x 32 image, used to follow the feature-map shapes."""
    return nn.Sequential(
        nn.Conv2d(3, 16, kernel_size=3, padding=1),  # 16 filters -> 16 channels, size kept
        nn.ReLU(),
        nn.MaxPool2d(2),  # halves H and W, channels unchanged
        nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1),  # 32 filters, stride 2
        nn.ReLU(),
        nn.Conv2d(32, 64, kernel_size=1),  # 1x1 conv: only the channel count changes
    )


def feature_map_shapes(model: nn.Sequential, x: torch.Tensor) -> list[tuple[str, tuple[int, ...]]]:
    """Shape of the feature map after every layer of ``model``.

    Args:
        model: A sequential model.
        x: Input batch, shape (N, C, H, W).

    Returns:
        ``(layer name, output shape)`` for each layer, in order.
    """
    shapes = []
    for layer in model:
        x = layer(x)
        shapes.append((layer.__class__.__name__, tuple(x.shape)))
    return shapes


# --8<-- [end:shapes]


# --8<-- [start:one-channel-per-filter]
def channel_from_one_filter(x: torch.Tensor, conv: nn.Conv2d, c: int) -> torch.Tensor:
    """Output channel ``c`` of ``conv``, computed with filter ``c`` and nothing else.

    Args:
        x: Input batch, shape (N, C_in, H, W).
        conv: A 2-D convolution (groups=1).
        c: Index of the filter (= output channel).

    Returns:
        Shape (N, H_out, W_out): the feature map of that one filter.
    """
    bias = None if conv.bias is None else conv.bias[c : c + 1]
    out = F.conv2d(
        x, conv.weight[c : c + 1], bias, stride=conv.stride, padding=conv.padding
    )  # weight (1, C_in, k, k): a single filter
    return out[:, 0]


def feature_map_bytes(shape: tuple[int, ...], dtype: torch.dtype = torch.float32) -> int:
    """Memory of a feature map: number of values times bytes per value.

    Args:
        shape: Tensor shape, e.g. (N, C, H, W).
        dtype: Element type.

    Returns:
        Size in bytes.
    """
    return torch.Size(shape).numel() * torch.empty((), dtype=dtype).element_size()


# --8<-- [end:one-channel-per-filter]


# --8<-- [start:equivariance]
def edge_maps(image: torch.Tensor, stride: int = 1) -> torch.Tensor:
    """Feature maps of two edge filters on a one-channel image, circular padding.

    Args:
        image: Shape (H, W).
        stride: Stride of the convolution.

    Returns:
        Shape (2, H_out, W_out): channel 0 vertical edges, channel 1 horizontal edges.
    """
    x = F.pad(image[None, None], (1, 1, 1, 1), mode="circular")  # wrap around the border
    return F.conv2d(x, EDGE_FILTERS.to(image.dtype), stride=stride)[0]


def shift_commutes(image: torch.Tensor, dy: int, dx: int, stride: int) -> bool:
    """Whether shifting the input then convolving equals convolving then shifting the map.

    For stride ``s`` the map is shifted by ``(dy / s, dx / s)``, which exists only when the
    shift is a multiple of the stride.

    Args:
        image: Shape (H, W).
        dy: Vertical shift of the input, in pixels.
        dx: Horizontal shift of the input, in pixels.
        stride: Stride of the convolution.

    Returns:
        True if the two orders give the same feature map.
    """
    moved_first = edge_maps(torch.roll(image, (dy, dx), dims=(0, 1)), stride)
    maps = edge_maps(image, stride)
    if dy % stride or dx % stride:
        return any(
            torch.allclose(moved_first, torch.roll(maps, (sy, sx), dims=(1, 2)))
            for sy in range(maps.shape[1])
            for sx in range(maps.shape[2])
        )
    return torch.allclose(moved_first, torch.roll(maps, (dy // stride, dx // stride), dims=(1, 2)))


# --8<-- [end:equivariance]


def square_image(size: int = 16, top: int = 4, left: int = 3, side: int = 6) -> torch.Tensor:
    """A dark image with one bright square (float64).

    Args:
        size: Height and width of the image.
        top: Row of the square's top edge.
        left: Column of the square's left edge.
        side: Side of the square.

    Returns:
        Shape (size, size), 1 inside the square and 0 elsewhere.
    """
    image = torch.zeros(size, size, dtype=DTYPE)
    image[top : top + side, left : left + side] = 1.0
    return image


SHIFT = (3, 5)


def figure_data() -> dict[str, torch.Tensor]:
    """Input, its two edge maps, and the same for the input shifted by ``SHIFT`` pixels."""
    image = square_image()
    moved = torch.roll(image, SHIFT, dims=(0, 1))
    return {
        "input": image,
        "maps": edge_maps(image),
        "shifted input": moved,
        "shifted maps": edge_maps(moved),
    }


def plot_feature_maps():
    """Two rows: an input and the feature maps of two filters, then all of it shifted."""
    from matplotlib.figure import Figure

    data = figure_data()
    fig = Figure(figsize=(4.8, 3.9), layout="constrained")
    axes = fig.subplots(2, 3)
    rows = [
        ("input", data["input"], data["maps"]),
        (f"shifted {SHIFT}", data["shifted input"], data["shifted maps"]),
    ]
    for ax_row, (label, image, maps) in zip(axes, rows, strict=True):
        panels = [(label, image, "gray"), ("channel 0:\nvertical", maps[0], "RdBu")]
        panels.append(("channel 1:\nhorizontal", maps[1], "RdBu"))
        for ax, (title, values, cmap) in zip(ax_row, panels, strict=True):
            limit = float(values.abs().max())
            low = 0.0 if cmap == "gray" else -limit
            ax.imshow(values.numpy(), cmap=cmap, vmin=low, vmax=limit)
            ax.set_title(title, fontsize=11)
            ax.set_xticks([])
            ax.set_yticks([])
    return fig


FIGURES = {"feature-map-edges-and-shift": plot_feature_maps}


def main() -> None:
    """Print the shapes through a small CNN and the facts about channels, memory and shifts."""
    torch.manual_seed(0)
    model = small_cnn()
    x = torch.randn(8, 3, 32, 32)
    print(f"input                 {tuple(x.shape)}")
    for name, shape in feature_map_shapes(model, x):
        print(f"after {name:<16}{shape}")
    conv = model[0]
    full = conv(x)
    same = all(torch.allclose(full[:, c], channel_from_one_filter(x, conv, c)) for c in range(16))
    print(f"channel c of the first conv == its filter c applied alone (all 16): {same}")
    stem = (1, 64, 112, 112)
    mb = feature_map_bytes(stem) / 1e6
    print(f"ResNet stem conv output {stem}: {torch.Size(stem).numel()} values, {mb:.2f} MB fp32")
    image = square_image()
    for stride, (dy, dx) in ((1, (3, 5)), (2, (2, 4)), (2, (1, 0))):
        print(f"stride {stride}, input shifted by {(dy, dx)}: map shifted too -> "
              f"{shift_commutes(image, dy, dx, stride)}")  # fmt: skip


if __name__ == "__main__":
    main()
