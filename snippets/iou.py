"""Intersection over union (交并比): box IoU and GIoU, checked against counted pixels.

Run ``python -m snippets.iou`` from the repository root to print the facts the iou page states.
Boxes are ``(x1, y1, x2, y2)`` with ``x1 < x2`` and ``y1 < y2``.
"""

from __future__ import annotations

import torch

DTYPE = torch.float64


# --8<-- [start:box-iou]
def box_area(boxes: torch.Tensor) -> torch.Tensor:
    """Area of every box.

    Args:
        boxes: Shape ``(N, 4)``, corners ``(x1, y1, x2, y2)``.

    Returns:
        Shape ``(N,)``.
    """
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def intersection_union(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Pairwise intersection and union areas of two sets of boxes.

    Args:
        a: Shape ``(N, 4)``.
        b: Shape ``(M, 4)``.

    Returns:
        Two tensors of shape ``(N, M)``: intersection areas and union areas.
    """
    top_left = torch.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = (bottom_right - top_left).clamp(min=0)  # no overlap -> width or height 0
    inter = wh[..., 0] * wh[..., 1]
    union = box_area(a)[:, None] + box_area(b)[None, :] - inter
    return inter, union


def box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Pairwise intersection over union of two sets of boxes.

    Args:
        a: Shape ``(N, 4)``.
        b: Shape ``(M, 4)``.

    Returns:
        Shape ``(N, M)``: entry ``[i, j]`` is IoU(a[i], b[j]), in [0, 1].
    """
    inter, union = intersection_union(a, b)
    return inter / union


# --8<-- [end:box-iou]


# --8<-- [start:giou]
def generalized_box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Pairwise GIoU: IoU minus the share of the enclosing box that the union leaves empty.

    Args:
        a: Shape ``(N, 4)``.
        b: Shape ``(M, 4)``.

    Returns:
        Shape ``(N, M)``, in (-1, 1] and never above the IoU; below 0 for separated boxes.
    """
    inter, union = intersection_union(a, b)
    hull_wh = torch.maximum(a[:, None, 2:], b[None, :, 2:]) - torch.minimum(
        a[:, None, :2], b[None, :, :2]
    )
    hull = hull_wh[..., 0] * hull_wh[..., 1]  # smallest box enclosing both
    return inter / union - (hull - union) / hull


# --8<-- [end:giou]


def raster_iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """IoU of two integer boxes by counting unit pixels on a grid (brute force, for checking).

    Args:
        a: Integer corners ``(x1, y1, x2, y2)``.
        b: Integer corners ``(x1, y1, x2, y2)``.

    Returns:
        Pixels covered by both divided by pixels covered by either.
    """
    size = max(a[2], a[3], b[2], b[3]) + 1
    ys, xs = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")

    def mask(box: tuple[int, int, int, int]) -> torch.Tensor:
        return (xs >= box[0]) & (xs < box[2]) & (ys >= box[1]) & (ys < box[3])

    ma, mb = mask(a), mask(b)
    return (ma & mb).sum().item() / (ma | mb).sum().item()


def shifted_iou(side: float, shift: float) -> float:
    """IoU of a square of the given side with the same square moved right by ``shift``.

    Args:
        side: Side length of the square.
        shift: Horizontal offset of the copy.

    Returns:
        The IoU of the two squares.
    """
    box = torch.tensor([[0.0, 0.0, side, side]], dtype=DTYPE)
    moved = box + torch.tensor([shift, 0.0, shift, 0.0], dtype=DTYPE)
    return box_iou(box, moved).item()


def _t(*boxes: tuple[float, float, float, float]) -> torch.Tensor:
    return torch.tensor(boxes, dtype=DTYPE)


def main() -> None:
    """Print the facts stated on the iou page."""
    a = _t((0, 0, 2, 2))
    pairs = {
        "overlap by a quarter  (0,0,2,2) vs (1,1,3,3)": (1, 1, 3, 3),
        "identical             (0,0,2,2) vs (0,0,2,2)": (0, 0, 2, 2),
        "touching edges        (0,0,2,2) vs (2,0,4,2)": (2, 0, 4, 2),
        "disjoint, near        (0,0,2,2) vs (3,0,5,2)": (3, 0, 5, 2),
        "disjoint, far         (0,0,2,2) vs (8,0,10,2)": (8, 0, 10, 2),
    }
    for label, box in pairs.items():
        b = _t(box)
        iou = box_iou(a, b).item()
        giou = generalized_box_iou(a, b).item()
        print(f"{label}: IoU = {iou:.4f}  GIoU = {round(giou, 4) + 0.0:.4f}")
    print(f"pixel count, same quarter-overlap pair: {raster_iou((0, 0, 2, 2), (1, 1, 3, 3)):.4f}")
    print(f"pixel count, (2,3,9,7) vs (5,1,12,6): {raster_iou((2, 3, 9, 7), (5, 1, 12, 6)):.4f}")
    formula = box_iou(_t((2, 3, 9, 7)), _t((5, 1, 12, 6))).item()
    print(f"formula,     (2,3,9,7) vs (5,1,12,6): {formula:.4f}")
    half = box_iou(_t((0, 0, 2, 1)), _t((0, 0, 1, 1))).item()
    print(f"(0,0,2,1) vs (0,0,1,1): IoU = {half:.4f} (a miss if a hit needs IoU > 0.5)")
    for side in (8, 16, 64):
        print(f"{side:>2} px square shifted by 1 px: IoU = {shifted_iou(side, 1.0):.4f}")
    for shift in (1.0, 2.0, 4.0):
        print(f"16 px square shifted by {shift:g} px: IoU = {shifted_iou(16, shift):.4f}")


if __name__ == "__main__":
    main()
