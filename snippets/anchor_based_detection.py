"""Anchor-based detection (基于锚框的检测): how many predictions anchors create, and small objects.

Run ``python -m snippets.anchor_based_detection`` from the repository root to print the facts
the anchor-based-detection page states.
"""

from __future__ import annotations

import torch

from snippets.iou import box_iou
from snippets.prior_box import make_anchors

DTYPE = torch.float64
OBJECT_CENTRE = (203.0, 197.0)  # deliberately off the cell centres
OBJECT_SIZES = (8, 16, 32, 64, 128)


# --8<-- [start:count-predictions]
def count_predictions(image_size: int, strides: tuple[int, ...], per_location: int) -> int:
    """Number of boxes a dense detector predicts for a square image.

    Args:
        image_size: Side of the input image in pixels.
        strides: Stride of every feature-pyramid level.
        per_location: Anchors per cell (1 for an anchor-free head).

    Returns:
        ``per_location * sum((image_size // s) ** 2 for s in strides)``.
    """
    return per_location * sum((image_size // s) ** 2 for s in strides)


def head_channels(num_anchors: int, num_classes: int) -> int:
    """Output channels of a YOLO-style head: per anchor, 4 box offsets, 1 objectness, K classes.

    Args:
        num_anchors: Anchors per cell.
        num_classes: Number of classes K.

    Returns:
        ``num_anchors * (5 + num_classes)``.
    """
    return num_anchors * (5 + num_classes)


# --8<-- [end:count-predictions]


# --8<-- [start:best-iou]
def best_anchor_iou(
    object_size: float, stride: int, sizes: tuple[float, ...], image_size: int = 416
) -> float:
    """Highest IoU between a square object and any anchor of one feature-map level.

    Args:
        object_size: Side of the object in pixels, centred at ``OBJECT_CENTRE``.
        stride: Stride of the level.
        sizes: Anchor sizes of the level (ratios 1/2, 1 and 2 each).
        image_size: Side of the image in pixels.

    Returns:
        The best IoU, which decides whether any anchor can become a positive sample.
    """
    side = image_size // stride
    anchors = make_anchors(side, side, stride, sizes, (0.5, 1.0, 2.0))
    cx, cy = OBJECT_CENTRE
    half = object_size / 2
    gt = torch.tensor([[cx - half, cy - half, cx + half, cy + half]], dtype=DTYPE)
    return box_iou(anchors, gt).max().item()


# --8<-- [end:best-iou]


def main() -> None:
    """Print the facts stated on the anchor-based-detection page."""
    with_anchors = count_predictions(640, (8, 16, 32), 3)
    anchor_free = count_predictions(640, (8, 16, 32), 1)
    print(f"640 x 640 image, strides 8/16/32: {with_anchors} anchors (3 per cell)")
    print(f"                                  {anchor_free} points (1 per cell, anchor-free)")
    print(f"YOLOv3 head channels, 3 anchors, 80 classes: {head_channels(3, 80)}")
    print(f"one prediction per cell, 80 classes:         {head_channels(1, 80)}")
    print("best anchor IoU of a square object (centre 203, 197):")
    print("  size  stride 16, anchors 32/64/128  + level stride 8, anchors 8/16")
    for size in OBJECT_SIZES:
        coarse = best_anchor_iou(size, 16, (32.0, 64.0, 128.0))
        fine = max(coarse, best_anchor_iou(size, 8, (8.0, 16.0)))
        print(f"  {size:>4}  {coarse:.4f}{'':>24}{fine:.4f}")


if __name__ == "__main__":
    main()
