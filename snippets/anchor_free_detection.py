"""Anchor-free detection (无锚框检测): FCOS-style per-point targets and ambiguous points.

Run ``python -m snippets.anchor_free_detection`` from the repository root to print the facts
the anchor-free-detection page states. Boxes are ``(x1, y1, x2, y2)``.
"""

from __future__ import annotations

import math

import torch

from snippets.anchor_based_detection import count_predictions
from snippets.iou import box_area

DTYPE = torch.float64
IMAGE_SIZE = 64
# A large object with a small one inside it (a person holding a cup, say).
GROUND_TRUTH = ((2.0, 2.0, 62.0, 62.0), (18.0, 18.0, 42.0, 42.0))
# (stride, smallest and largest max(l, t, r, b) the level is responsible for)
LEVELS = ((8, 0.0, 32.0), (16, 32.0, math.inf))


# --8<-- [start:fcos-targets]
def grid_points(image_size: int, stride: int) -> torch.Tensor:
    """Centres of the cells of a feature map with the given stride.

    Args:
        image_size: Side of the square image in pixels.
        stride: Pixels per cell.

    Returns:
        Shape ``(P, 2)``: ``(x, y)`` of every cell centre, row-major.
    """
    c = (torch.arange(image_size // stride, dtype=DTYPE) + 0.5) * stride
    ys, xs = torch.meshgrid(c, c, indexing="ij")
    return torch.stack([xs.flatten(), ys.flatten()], dim=1)


def ltrb(points: torch.Tensor, gts: torch.Tensor) -> torch.Tensor:
    """Distances from every point to the four sides of every box.

    Args:
        points: Shape ``(P, 2)``.
        gts: Shape ``(G, 4)``.

    Returns:
        Shape ``(P, G, 4)``: ``(l, t, r, b)``; all four are positive iff the point is inside.
    """
    x, y = points[:, None, 0], points[:, None, 1]
    return torch.stack([x - gts[:, 0], y - gts[:, 1], gts[:, 2] - x, gts[:, 3] - y], dim=-1)


def assign_points(
    points: torch.Tensor, gts: torch.Tensor, lo: float = 0.0, hi: float = math.inf
) -> torch.Tensor:
    """FCOS assignment: a point is positive for a box that contains it, within the level's range.

    A point inside several boxes (an ambiguous point) takes the box of smallest area.

    Args:
        points: Shape ``(P, 2)``.
        gts: Shape ``(G, 4)``.
        lo: The level only regresses boxes with ``max(l, t, r, b) > lo`` ...
        hi: ... and ``max(l, t, r, b) <= hi``.

    Returns:
        Shape ``(P,)``: index of the assigned box, or -1 for a negative (background) point.
    """
    d = ltrb(points, gts)
    reach = d.max(dim=-1).values
    ok = (d.min(dim=-1).values > 0) & (reach > lo) & (reach <= hi)  # (P, G)
    area = box_area(gts)[None, :].expand_as(ok).masked_fill(~ok, math.inf)
    best = area.argmin(dim=1)
    return torch.where(ok.any(dim=1), best, torch.full_like(best, -1))


def centerness(d: torch.Tensor) -> torch.Tensor:
    """FCOS centre-ness of targets ``(l, t, r, b)``: 1 at the box centre, towards 0 at its edges.

    Args:
        d: Shape ``(..., 4)`` with positive entries.

    Returns:
        ``sqrt(min(l, r) / max(l, r) * min(t, b) / max(t, b))``.
    """
    lr, tb = d[..., [0, 2]], d[..., [1, 3]]
    return torch.sqrt(lr.min(-1).values / lr.max(-1).values * tb.min(-1).values / tb.max(-1).values)


# --8<-- [end:fcos-targets]


def count_ambiguous(points: torch.Tensor, gts: torch.Tensor, lo: float, hi: float) -> int:
    """Points that fall inside more than one box within the level's range.

    Args:
        points: Shape ``(P, 2)``.
        gts: Shape ``(G, 4)``.
        lo: Lower end of the level's range.
        hi: Upper end of the level's range.

    Returns:
        The number of ambiguous points.
    """
    d = ltrb(points, gts)
    reach = d.max(dim=-1).values
    ok = (d.min(dim=-1).values > 0) & (reach > lo) & (reach <= hi)
    return int((ok.sum(dim=1) > 1).sum().item())


def main() -> None:
    """Print the facts stated on the anchor-free-detection page."""
    gts = torch.tensor(GROUND_TRUTH, dtype=DTYPE)
    points = grid_points(IMAGE_SIZE, 8)
    labels = assign_points(points, gts)
    print(f"one level, stride 8: {len(points)} points")
    for g in range(len(gts)):
        print(f"  points assigned to box {g}: {(labels == g).sum().item()}")
    print(f"  background points: {(labels == -1).sum().item()}")
    print(f"  ambiguous points (inside both boxes): {count_ambiguous(points, gts, 0, math.inf)}")
    print("two levels with FCOS-style ranges:")
    for stride, lo, hi in LEVELS:
        pts = grid_points(IMAGE_SIZE, stride)
        lab = assign_points(pts, gts, lo, hi)
        per_box = [(lab == g).sum().item() for g in range(len(gts))]
        amb = count_ambiguous(pts, gts, lo, hi)
        print(f"  stride {stride:>2}, range ({lo:g}, {hi:g}]: per box {per_box}, ambiguous {amb}")
    p = torch.tensor([[30.0, 30.0], [24.0, 34.0], [20.0, 20.0]], dtype=DTYPE)
    d = ltrb(p, gts[1:])[:, 0]
    for point, target, c in zip(p.tolist(), d.tolist(), centerness(d).tolist(), strict=True):
        print(f"point {point}: (l, t, r, b) = {target}, centre-ness = {c:.4f}")
    points_640 = count_predictions(640, (8, 16, 32), 1)
    anchors_640 = count_predictions(640, (8, 16, 32), 3)
    print(f"candidates on 640 x 640, strides 8/16/32: {points_640} points vs {anchors_640} anchors")


if __name__ == "__main__":
    main()
