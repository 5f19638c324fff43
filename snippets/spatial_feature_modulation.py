"""Spatial feature modulation (空间特征调节): a per-position affine transform of a feature map.

Contrasts the per-channel affine of batch normalization or FiLM (one scale and shift per
channel) with SFT/SPADE-style modulation, whose scale and shift maps are computed from a
condition map and differ from pixel to pixel.

Run ``python -m snippets.spatial_feature_modulation`` from the repository root to print the
facts the spatial-feature-modulation page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:modulate]
def channel_modulation(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
    """Per-channel affine (the gamma/beta of batch normalization, or FiLM): same at every pixel.

    Args:
        x: Feature map, shape (N, C, H, W).
        gamma: Scale, shape (C,).
        beta: Shift, shape (C,).

    Returns:
        ``gamma[c] * x + beta[c]``, shape (N, C, H, W).
    """
    return gamma[None, :, None, None] * x + beta[None, :, None, None]


def spatial_modulation(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
    """Per-position affine: every (n, c, h, w) has its own scale and shift.

    Args:
        x: Feature map, shape (N, C, H, W).
        gamma: Scale map, shape (N, C, H, W).
        beta: Shift map, shape (N, C, H, W).

    Returns:
        ``gamma * x + beta``, element by element.
    """
    return gamma * x + beta


# --8<-- [end:modulate]


# --8<-- [start:sft]
def modulation_maps(
    cond: torch.Tensor, w_gamma: torch.Tensor, w_beta: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """SFT/SPADE-style condition network, reduced to one 1x1 convolution per map.

    Args:
        cond: Condition map, e.g. a one-hot segmentation map, shape (N, K, H, W).
        w_gamma: 1x1 conv weight producing the scale map, shape (C, K, 1, 1).
        w_beta: 1x1 conv weight producing the shift map, shape (C, K, 1, 1).

    Returns:
        ``(gamma, beta)``, each of shape (N, C, H, W): they follow the condition pixel by pixel.
    """
    return F.conv2d(cond, w_gamma), F.conv2d(cond, w_beta)


def spade(
    x: torch.Tensor, cond: torch.Tensor, w_gamma: torch.Tensor, w_beta: torch.Tensor
) -> torch.Tensor:
    """SPADE: batch-normalize without affine, then modulate with maps computed from ``cond``.

    Args:
        x: Feature map, shape (N, C, H, W).
        cond: Condition map, shape (N, K, H, W), same H and W as ``x``.
        w_gamma: Weight of the scale branch, shape (C, K, 1, 1).
        w_beta: Weight of the shift branch, shape (C, K, 1, 1).

    Returns:
        The modulated, normalized feature map, shape (N, C, H, W).
    """
    x_hat = F.batch_norm(x, None, None, training=True)
    gamma, beta = modulation_maps(cond, w_gamma, w_beta)
    return spatial_modulation(x_hat, gamma, beta)


# --8<-- [end:sft]


def example() -> dict[str, torch.Tensor]:
    """The page's example: a constant 1x2x2x3 feature map and a two-region segmentation map.

    Returns:
        ``x`` (all ones, 2 channels, 2x3 pixels); ``cond``: one-hot map with class 0 in the left
        column and class 1 elsewhere; 1x1 weights ``w_gamma`` and ``w_beta`` drawn from a
        seeded generator; per-channel ``gamma`` and ``beta``.
    """
    g = torch.Generator().manual_seed(0)
    x = torch.ones(1, 2, 2, 3, dtype=DTYPE)
    labels = torch.tensor([[0, 1, 1], [0, 1, 1]])
    cond = F.one_hot(labels, 2).permute(2, 0, 1)[None].to(DTYPE)
    return {
        "x": x,
        "cond": cond,
        "w_gamma": torch.randn(2, 2, 1, 1, generator=g, dtype=DTYPE),
        "w_beta": torch.randn(2, 2, 1, 1, generator=g, dtype=DTYPE),
        "gamma": torch.tensor([2.0, 0.5], dtype=DTYPE),
        "beta": torch.tensor([1.0, -1.0], dtype=DTYPE),
    }


def _rows(t: torch.Tensor) -> str:
    return " | ".join(" ".join(f"{round(v, 4) + 0.0:7.4f}" for v in row) for row in t.tolist())


def main() -> None:
    """Print channel 0 of a constant map after per-channel and after spatial modulation."""
    ex = example()
    x = ex["x"]
    per_channel = channel_modulation(x, ex["gamma"], ex["beta"])
    gamma_map, beta_map = modulation_maps(ex["cond"], ex["w_gamma"], ex["w_beta"])
    per_pixel = spatial_modulation(x, gamma_map, beta_map)
    print("input: 1 sample, 2 channels, 2x3 pixels, every value 1.0")
    print("segmentation (class per pixel): 0 1 1 | 0 1 1")
    print(f"per-channel gamma shape {tuple(ex['gamma'].shape)}, output channel 0 (rows):")
    print("  " + _rows(per_channel[0, 0]))
    print(f"spatial gamma shape {tuple(gamma_map.shape)}, output channel 0 (rows):")
    print("  " + _rows(per_pixel[0, 0]))
    distinct = torch.unique(per_pixel[0, 0]).numel()
    print(
        f"distinct values in channel 0: per-channel {torch.unique(per_channel[0, 0]).numel()},"
        f" spatial {distinct}"
    )


if __name__ == "__main__":
    main()
