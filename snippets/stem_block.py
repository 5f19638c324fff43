"""Stem block (Stem 块): the first layers of a vision network, ResNet's and ViT's, built in torch.

Run ``python -m snippets.stem_block`` from the repository root to print the spatial size after
each layer of the ResNet stem (224 -> 112 -> 56) and of the ViT patchify stem (224 -> 14 x 14
= 196 tokens), their parameters and cost, and the check that the patchify convolution is a
linear layer applied to flattened patches.
"""

from __future__ import annotations

import torch
from torch import nn


# --8<-- [start:resnet-stem]
def resnet_stem(width: int = 64) -> nn.Sequential:
    """ResNet's stem (He et al. 2016): 7x7 conv stride 2, BN, ReLU, 3x3 max pool stride 2."""
    return nn.Sequential(
        nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False),
        nn.BatchNorm2d(width),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )


def sizes_through(stem: nn.Sequential, image_size: int = 224) -> list[tuple[str, int, int]]:
    """Spatial size and channels after every layer of ``stem`` for one square RGB image.

    Args:
        stem: The stem module.
        image_size: Height and width of the input.

    Returns:
        ``(layer name, height, channels)``, starting with the input itself.
    """
    x = torch.zeros(1, 3, image_size, image_size)
    sizes = [("input", image_size, 3)]
    with torch.no_grad():
        for layer in stem:
            x = layer(x)
            sizes.append((layer.__class__.__name__, x.shape[-1], x.shape[1]))
    return sizes


# --8<-- [end:resnet-stem]


# --8<-- [start:patchify]
def vit_patchify_stem(patch: int = 16, dim: int = 768) -> nn.Conv2d:
    """ViT's stem: one convolution whose kernel and stride are both the patch size."""
    return nn.Conv2d(3, dim, kernel_size=patch, stride=patch)


def patches_then_linear(x: torch.Tensor, conv: nn.Conv2d) -> torch.Tensor:
    """The same computation as ``conv``: cut non-overlapping patches, flatten, apply a linear map.

    Args:
        x: Images, shape (N, 3, H, W) with H and W multiples of the patch size.
        conv: A patchify convolution (kernel size == stride).

    Returns:
        Tokens, shape (N, number of patches, dim), in row-major patch order.
    """
    p = conv.kernel_size[0]
    n, c, h, w = x.shape
    patches = x.reshape(n, c, h // p, p, w // p, p).permute(0, 2, 4, 1, 3, 5)
    flat = patches.reshape(n, (h // p) * (w // p), c * p * p)  # one row per patch
    weight = conv.weight.reshape(conv.out_channels, -1)  # (dim, c * p * p)
    return flat @ weight.T + conv.bias


# --8<-- [end:patchify]


def conv_macs(conv: nn.Conv2d, out_size: int) -> int:
    """Multiply-accumulates of a convolution for one image with a square output."""
    k = conv.kernel_size[0]
    return out_size * out_size * conv.out_channels * conv.in_channels * k * k


def parameter_count(module: nn.Module) -> int:
    """Number of parameters of ``module``."""
    return sum(p.numel() for p in module.parameters())


def plot_sizes():
    """Spatial size after each layer: ResNet's stem in three steps (left), ViT's in one."""
    from matplotlib.figure import Figure

    resnet = sizes_through(resnet_stem())
    vit = [("input", 224, 3), ("patchify", 14, 768)]
    fig = Figure(figsize=(4.8, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[5, 2.2])
    panels = [
        (left, resnet, ["input", "conv 7x7/2", "BN", "ReLU", "pool 3x3/2"], "ResNet stem", "o"),
        (right, vit, ["input", "conv 16x16/16"], "ViT stem", "s"),
    ]
    for ax, sizes, labels, title, marker in panels:
        ax.plot(range(len(sizes)), [h for _, h, _ in sizes], marker=marker)
        for i, (_, h, c) in enumerate(sizes):
            if i in (0, 1, len(sizes) - 1):
                ax.annotate(f"{h}x{h}\nx{c}", (i, h), textcoords="offset points", xytext=(0, 8),
                            ha="center", fontsize=11)  # fmt: skip
        ax.set_xticks(range(len(labels)), labels, rotation=40, ha="right")
        ax.set_xlim(-0.6, len(labels) - 0.4)
        ax.set_title(title, fontsize=11)
    left.set_ylabel("height = width (pixels)")
    left.set_ylim(0, 300)
    return fig


FIGURES = {"stem-block-sizes": plot_sizes}


def main() -> None:
    """Print the sizes through both stems, their parameters and costs, and the patch check."""
    torch.manual_seed(0)
    stem = resnet_stem()
    print("ResNet stem:")
    for name, h, c in sizes_through(stem):
        print(f"  {name:<12} {c:>3} x {h} x {h}")
    conv = stem[0]
    stage1_conv = nn.Conv2d(64, 64, 3, padding=1, bias=False)
    print(f"  conv parameters {parameter_count(conv)}, "
          f"MACs {conv_macs(conv, 112):,} (a 3x3 64->64 conv at 56x56: "
          f"{conv_macs(stage1_conv, 56):,})")  # fmt: skip
    vit = vit_patchify_stem()
    x = torch.randn(2, 3, 224, 224)
    tokens = vit(x).flatten(2).transpose(1, 2)  # (N, 196, 768)
    grid = tuple(vit(x).shape)
    print(f"ViT patchify stem: {tuple(x.shape)} -> {grid} -> tokens {tuple(tokens.shape)}")
    same = torch.allclose(tokens, patches_then_linear(x, vit), atol=1e-4)
    print(
        f"  patchify conv == flatten patches + linear: {same}; parameters {parameter_count(vit):,}"
    )


if __name__ == "__main__":
    main()
